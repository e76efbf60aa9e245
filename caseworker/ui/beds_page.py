"""Care beds per district against the legal minimum (the full board comes with issue #5)."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.services.actor import Actor
from caseworker.services.bed_summary import CLAUSE, MINIMUM_BEDS, DistrictBeds, district_beds
from caseworker.services.errors import DomainError
from caseworker.ui.db_lane import DbLane

ALERT = QColor("#b3261e")


class BedsPage(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lane, self._actor = lane, actor
        self.note = QLabel(
            _("Each district must keep at least {n} care beds ({clause}).").format(
                n=MINIMUM_BEDS, clause=CLAUSE
            )
        )
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                _("District"),
                _("Counted beds"),
                _("Occupied"),
                _("Free"),
                _("Occupancy"),
                _("Status"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.rows: list[DistrictBeds] = []

    def refresh(self) -> None:
        actor = self._actor
        self._lane.submit(lambda s: district_beds(s, actor), self._show, self._error)

    def _error(self, error: DomainError) -> None:
        self.note.setText(error.message)

    def _show(self, rows: list[DistrictBeds]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            rate = f"{r.occupied / r.counted:.0%}" if r.counted else "—"
            status = (
                _("Below minimum: {missing} beds short").format(missing=MINIMUM_BEDS - r.counted)
                if r.below_minimum
                else _("Meets minimum")
            )
            cells = [r.district, str(r.counted), str(r.occupied), str(r.free), rate, status]
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if r.below_minimum and j in (1, 5):
                    item.setForeground(QBrush(ALERT))
                self.table.setItem(i, j, item)
