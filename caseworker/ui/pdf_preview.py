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
from PySide6.QtWidgets import QFileDialog, QLabel, QStackedLayout, QWidget
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.services import documents
from caseworker.services.actor import Actor
from caseworker.services.errors import DomainError
from caseworker.ui.case_tab_common import alive
from caseworker.ui.db_lane import DbLane

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


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save document as"), suggested, _("PDF documents (*.pdf)")
    )
    return path or None


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
) -> None:
    """Write the stored copy to a file the user picks (asked unless `path` is given)."""
    target = path or ask_save_path(parent, suggested)
    if not target:
        return

    def job(session: Session) -> str:
        data = documents.stored_copy(session, actor, doc_id, "save_as")
        try:
            Path(target).write_bytes(data)
        except OSError as exc:
            raise DomainError(
                _("Could not write {path}: {error}").format(path=target, error=exc.strerror)
            ) from exc
        return target

    lane.submit(
        job,
        alive(parent, lambda p: report(_("Saved {path}.").format(path=p))),
        alive(parent, lambda e: report(e.message)),
    )


def file_name(number: str, title: str) -> str:
    """A file name for a document: its number and title, without characters files refuse."""
    name = f"{number} {title}.pdf"
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)
