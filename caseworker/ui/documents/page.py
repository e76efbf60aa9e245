"""The document register (文书): every document the user's institutions issued, newest first,
with reprint and save-as of the stored copy, and voiding (managers) with a reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.security.actor import Actor
from caseworker.services.documents import register as documents
from caseworker.services.documents.register import ISSUE_ROLES, VOID_ROLES, RegisterRow
from caseworker.services.errors import DomainError
from caseworker.ui.cases.tabs.common import alive, cell, shanghai_today, table
from caseworker.ui.common.pdf_preview import file_name, print_stored, save_stored
from caseworker.ui.documents.dialog import IssueDocumentDialog
from caseworker.ui.shell.db_lane import DbLane

VOID_COLOUR = QColor("#8a8a8a")
YEARS_BACK = 5


class DocumentsPage(QWidget):
    status_message = Signal(str)
    open_case = Signal(int)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.rows: list[RegisterRow] = []
        self.last_message = ""
        self.heading = QLabel()
        self.year_box = QComboBox()
        this_year = shanghai_today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year_box.addItem(str(year), year)
        self.year_box.addItem(_("All years"), None)
        self.year_box.currentIndexChanged.connect(self.refresh)
        self.table = table(
            [_("Number"), _("Document"), _("Case"), _("Issued by"), _("Issued at"), _("Status")]
        )
        header = self.table.horizontalHeader()
        # Fixed starting widths (an empty register would otherwise squeeze the headers);
        # the title and the status take the room left by the others.
        for col, width in ((0, 190), (2, 150), (3, 100), (4, 140)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        for col in (1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(self._open_case)
        self.print_button = QPushButton(_("Reprint…"))
        self.save_button = QPushButton(_("Save as…"))
        self.void_button = QPushButton(_("Void…"))
        refresh = QPushButton(_("Refresh"))
        # Letters about no case (the institution's monthly bed report) start here; the
        # others start from their case.
        self.issue_button = QPushButton(_("Issue an institution letter…"))
        self.issue_button.setToolTip(_("Letters about the institution, not one case."))
        self.issue_button.clicked.connect(lambda: self.issue_institution_letter())
        self.issue_button.setVisible(actor.role in ISSUE_ROLES)
        self.issue_dialog: IssueDocumentDialog | None = None
        self.print_button.clicked.connect(lambda: self.reprint_selected())
        self.save_button.clicked.connect(lambda: self.save_selected())
        self.void_button.clicked.connect(lambda: self.void_selected())
        refresh.clicked.connect(self.refresh)
        self.void_button.setVisible(actor.role in VOID_ROLES)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(_("Year:")))
        top.addWidget(self.year_box)
        top.addWidget(self.issue_button)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.save_button, self.void_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._selection_changed()

    def issue_institution_letter(self) -> IssueDocumentDialog:
        dialog = IssueDocumentDialog(self.lane, self.actor, None, self)
        dialog.issued.connect(lambda _doc_id: self.refresh())
        dialog.open()
        self.issue_dialog = dialog
        return dialog

    def refresh(self) -> None:
        actor, year = self.actor, self.year_box.currentData()
        self.lane.submit(
            lambda s: documents.register(s, actor, year=year),
            alive(self, self._show),
            alive(self, self._report),
        )

    def _show(self, rows: list[RegisterRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            d = r.doc
            status = (
                _("Void: {reason}").format(reason=d.void_reason) if d.voided_at else _("Issued")
            )
            values = [
                d.number_text,
                d.title,
                r.case_number,
                r.issued_by,
                format_datetime(d.issued_at),
                status,
            ]
            for col, value in enumerate(values):
                item = cell(value, d.id)
                if d.voided_at:
                    item.setForeground(QBrush(VOID_COLOUR))
                    item.setToolTip(
                        _("Voided by {who} on {when}: {reason}").format(
                            who=r.voided_by, when=format_datetime(d.voided_at), reason=d.void_reason
                        )
                    )
                elif col == 0:
                    item.setToolTip(f"{r.institution}\n" + _("SHA-256 {sha}").format(sha=d.sha256))
                self.table.setItem(i, col, item)
        voided = sum(1 for r in rows if r.doc.voided_at)
        self.heading.setText(
            _("{n} documents in the register, {voided} void").format(n=len(rows), voided=voided)
        )
        self._selection_changed()

    def current(self) -> RegisterRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_number(self, number: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.doc.number_text == number:
                self.table.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        r = self.current()
        copies = r is not None and self.actor.role in ISSUE_ROLES
        self.print_button.setEnabled(copies and r is not None and r.doc.voided_at is None)
        self.save_button.setEnabled(copies)
        self.void_button.setEnabled(r is not None and r.doc.voided_at is None)

    def reprint_selected(self, printer: QPrinter | None = None) -> None:
        r = self.current()
        if r is not None:
            print_stored(self, self.lane, self.actor, r.doc.id, self._report, printer, "reprint")

    def save_selected(self, path: str | None = None, password: str | None = None) -> None:
        r = self.current()
        if r is not None:
            name = file_name(r.doc.number_text, r.doc.title)
            save_stored(self, self.lane, self.actor, r.doc.id, name, self._report, path, password)

    def void_selected(self, reason: str | None = None) -> None:
        r = self.current()
        if r is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self,
                _("Void {number}").format(number=r.doc.number_text),
                _("Why is the document voided? It keeps its number in the register."),
            )
            if not ok:
                return
        actor, doc_id, number = self.actor, r.doc.id, r.doc.number_text
        self.lane.submit(
            lambda s: documents.void(s, actor, doc_id, reason),
            alive(self, lambda _d: self._voided(number)),
            alive(self, self._report),
        )

    def _voided(self, number: str) -> None:
        self._report(_("{number} is void.").format(number=number))
        self.refresh()

    def _open_case(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row].doc.case_id is not None:
            self.open_case.emit(self.rows[row].doc.case_id)

    def _report(self, message: str | DomainError) -> None:
        text = message.message if isinstance(message, DomainError) else message
        self.status_message.emit(text)
        self.heading.setToolTip(text)
        self.last_message = text
