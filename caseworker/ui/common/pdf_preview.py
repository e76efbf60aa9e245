"""Showing, printing and saving PDFs: a QtPdf view, and the stored copy of an issued document
handed out through the register (hash-checked and audited) for printing or saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from caseworker.i18n import _
from caseworker.operations import exporting
from caseworker.security.actor import Actor
from caseworker.services.documents import register as documents
from caseworker.services.errors import DomainError
from caseworker.ui.cases.tabs.common import alive
from caseworker.ui.common.export_options import ask_export
from caseworker.ui.shell.db_lane import DbLane

PRINT_DPI = 300  # pages go to the printer as images: sharp enough, and not 1200 dpi


def load_pdf(document: QPdfDocument, data: bytes) -> QBuffer:
    """Load bytes into a QPdfDocument; keep the returned buffer alive as long as it."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


class PdfPreview(QWidget):
    """A PDF on screen, page after page at the width of the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.empty = QLabel(_("Press Preview to see the letter as it will print."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self._buffer: QBuffer | None = None
        self.data = b""

    def show_pdf(self, data: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = load_pdf(self.document, data)
        self.data = data
        self.stack.setCurrentWidget(self.view)

    def clear(self, message: str = "") -> None:
        self.document.close()
        self.data = b""
        if message:
            self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)

    def page_count(self) -> int:
        return self.document.pageCount()


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print every page (rendered at the printer's resolution, at most PRINT_DPI)."""
    document = QPdfDocument()
    buffer = load_pdf(document, data)
    dpi = min(printer.resolution(), PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError(_("The printer could not be opened."))
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
        buffer.close()
    return document.pageCount()


def ask_printer(parent: QWidget) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def print_stored(
    parent: QWidget,
    lane: DbLane,
    actor: Actor,
    doc_id: int,
    report: Callable[[str], None],
    printer: QPrinter | None = None,
    purpose: str = "print",
) -> None:
    """Print the stored copy (never a regenerated one); asks for a printer unless given."""
    printer = printer or ask_printer(parent)
    if printer is None:
        return

    def done(data: bytes) -> None:
        pages = print_pdf(data, printer)
        report(_("Sent {pages} page(s) to the printer.").format(pages=pages))

    lane.submit(
        lambda s: documents.stored_copy(s, actor, doc_id, purpose),
        alive(parent, done),
        alive(parent, lambda e: report(e.message)),
    )


def save_stored(
    parent: QWidget,
    lane: DbLane,
    actor: Actor,
    doc_id: int,
    suggested: str,
    report: Callable[[str], None],
    path: str | None = None,
    password: str | None = None,
) -> None:
    """Save a stamped copy of the stored PDF where the user picks, optionally locked with a
    password (both asked unless `path` is given)."""
    if path is None:
        folder = Path.home() / "Documents"
        chosen = ask_export(
            parent,
            _("Save document as"),
            (folder if folder.is_dir() else Path.home()) / suggested,
            _("PDF documents (*.pdf)"),
        )
        if chosen is None:
            return
        target, password = chosen
    else:
        target = Path(path)
    lane.submit(
        lambda s: exporting.export_document(s, actor, doc_id, target, password),
        alive(parent, lambda p: report(_saved_message(p, bool(password)))),
        alive(parent, lambda e: report(e.message)),
    )


def _saved_message(path: Path, protected: bool) -> str:
    if protected:
        return _("Saved {path}, protected with the password.").format(path=path)
    return _("Saved {path}.").format(path=path)


def file_name(number: str, title: str) -> str:
    """A file name for a document: its number and title, without characters files refuse."""
    name = f"{number} {title}.pdf"
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)
