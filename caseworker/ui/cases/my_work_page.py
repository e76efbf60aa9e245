""" "My work": overdue and due-soon items, approvals to decide, answers, incoming transfers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import N_, _, gettext
from caseworker.models import local_today
from caseworker.security.actor import Actor
from caseworker.services.cases import approvals
from caseworker.services.cases.my_work import my_work
from caseworker.services.cases.transfers import decide_transfer
from caseworker.services.cases.work_item import WorkItem
from caseworker.services.errors import DomainError
from caseworker.ui.shell.db_lane import DbLane

GROUPS = {
    "overdue": N_("Overdue"),
    "approval": N_("To approve"),
    "transfer": N_("Transfer to accept"),
    "answer": N_("Answered"),
    "due_soon": N_("Due within 7 days"),
}
COLOURS = {"overdue": QColor("#b3261e"), "approval": QColor("#1a5fb4")}


class MyWorkPage(QWidget):
    open_case = Signal(int)
    status_message = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.items: list[WorkItem] = []
        self.heading = QLabel()
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Kind"), _("Due"), _("Case number"), _("Child"), _("What"), _("Basis")]
        )
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 90), (1, 100), (2, 160), (3, 90), (5, 200)):
            self.table.setColumnWidth(col, width)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(self._open_row)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.open_button = QPushButton(_("Open case"))
        self.approve_button = QPushButton(_("Approve"))
        self.reject_button = QPushButton(_("Reject…"))
        self.ack_button = QPushButton(_("Noted"))
        self.refresh_button = QPushButton(_("Refresh"))
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow(), 0))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(self._reject)
        self.ack_button.clicked.connect(self._acknowledge)
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.approve_button, self.reject_button, self.ack_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._selection_changed()

    def refresh(self) -> None:
        actor = self.actor
        self.lane.submit(lambda s: my_work(s, actor, local_today()), self._show, self._error)

    def _error(self, error: DomainError) -> None:
        self.heading.setText(error.message)

    def _show(self, items: list[WorkItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, w in enumerate(items):
            due = w.due.isoformat() if isinstance(w.due, date) else ""
            values = [gettext(GROUPS[w.group]), due, w.case_number, w.child_name, w.title, w.basis]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if w.group in COLOURS and col == 0:
                    item.setForeground(QBrush(COLOURS[w.group]))
                self.table.setItem(row, col, item)
        counts = {g: sum(1 for w in items if w.group == g) for g in GROUPS}
        self.heading.setText(
            _("{overdue} overdue, {approval} to approve, {due_soon} due within 7 days").format(
                **counts
            )
        )
        self._selection_changed()

    def current(self) -> WorkItem | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selection_changed(self) -> None:
        w = self.current()
        decidable = w is not None and w.group in ("approval", "transfer")
        self.open_button.setEnabled(w is not None and w.group != "transfer")
        self.approve_button.setEnabled(decidable)
        self.reject_button.setEnabled(decidable)
        self.ack_button.setEnabled(w is not None and w.group == "answer")

    def _open_row(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.items) and self.items[row].group != "transfer":
            self.open_case.emit(self.items[row].case_id)

    def decide(self, approve: bool, comment: str = "") -> None:
        w = self.current()
        if w is None or w.ref_id is None:
            return
        actor, ref = self.actor, w.ref_id
        if w.group == "transfer":

            def job(s):  # type: ignore[no-untyped-def]
                return decide_transfer(s, actor, ref, accept=approve, reason=comment)
        else:

            def job(s):  # type: ignore[no-untyped-def]
                return approvals.decide(s, actor, ref, approve=approve, comment=comment)

        message = _("Approved.") if approve else _("Rejected.")
        self.lane.submit(job, lambda _r: self._decided(message), self._refused)

    def _decided(self, message: str) -> None:
        self.status_message.emit(message)
        self.refresh()

    def _refused(self, error: DomainError) -> None:
        self.status_message.emit(error.message)
        self.refresh()

    def _reject(self) -> None:
        comment, ok = QInputDialog.getMultiLineText(self, _("Reject"), _("Why is it rejected?"))
        if ok:
            self.decide(False, comment)

    def _acknowledge(self) -> None:
        w = self.current()
        if w is None or w.ref_id is None:
            return
        actor, ref = self.actor, w.ref_id
        self.lane.submit(lambda s: approvals.acknowledge(s, actor, ref), lambda _r: self.refresh())
