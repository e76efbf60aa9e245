"""The board's second level: a district's institutions, whether their beds count, and why;
a manager adds an institution or edits a welfare facility's facts here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, gettext
from caseworker.security.actor import Actor
from caseworker.services.beds.board import InstitutionRow
from caseworker.services.beds.rules import SETTING_LABELS
from caseworker.ui.beds.setup_buttons import InstitutionButtons
from caseworker.ui.shell.db_lane import DbLane

NOT_COUNTED = QColor("#6b6b6b")


class InstitutionsView(QWidget):
    institution_chosen = Signal(int)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.district_code: str | None = None
        self.district_label = ""
        self.historical = False
        self.select_id: int | None = None  # the row to select when the rows next arrive
        self.setup = InstitutionButtons(lane, actor)
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels(
            [
                _("Institution"),
                _("Kind"),
                _("Counts toward the minimum"),
                _("Why"),
                _("Beds"),
                _("Occupied"),
                _("Reserved"),
                _("Free"),
                _("Out of service"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Double-click or Enter opens the row.
        self.table.activated.connect(lambda index: self._open_row(index.row(), index.column()))
        self.table.setToolTip(_("Double-click an institution to see its rooms and beds."))
        self.table.itemSelectionChanged.connect(self._update_setup)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.setup)
        layout.addWidget(self.table)
        self.rows: list[InstitutionRow] = []

    def set_district(self, code: str | None, label: str) -> None:
        self.district_code, self.district_label = code, label
        self._update_setup()

    def selected(self) -> InstitutionRow | None:
        row = self.table.currentRow()
        chosen = self.table.selectionModel().hasSelection()
        return self.rows[row] if chosen and 0 <= row < len(self.rows) else None

    def _update_setup(self) -> None:
        self.setup.set_context(
            self.district_code, self.district_label, self.selected(), self.historical
        )

    def show_rows(self, rows: list[InstitutionRow], historical: bool) -> None:
        current = self.selected()
        keep = self.select_id if self.select_id is not None else current.id if current else None
        self.select_id = None
        self.rows, self.historical = rows, historical
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [
                r.name,
                gettext(SETTING_LABELS.get(r.setting_type, r.setting_type)),
                _("Yes") if r.counts else _("No"),
                r.why,
                str(r.beds),
                str(r.occupied),
                "—" if historical else str(r.reserved),
                str(r.free),
                str(r.out_of_service),
            ]
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if j >= 4 or j == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not r.counts:
                    item.setForeground(QBrush(NOT_COUNTED))
                self.table.setItem(i, j, item)
        self.table.blockSignals(False)
        row = next((i for i, r in enumerate(rows) if r.id == keep), -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_setup()

    def _open_row(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.institution_chosen.emit(self.rows[row].id)
