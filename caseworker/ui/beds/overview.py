"""The board's first level: one row per district against the minimum."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.services.beds.rules import MINIMUM_BEDS
from caseworker.services.beds.summary import DistrictBeds

ALERT = QColor("#b3261e")
ALERT_BACKGROUND = QColor("#fbe9e7")
STATUS_COLUMN = 5


def rate_text(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else "—"


def status_text(row: DistrictBeds) -> str:
    if row.below_minimum:
        return _("Below minimum: {missing} beds short").format(missing=MINIMUM_BEDS - row.counted)
    return _("Meets minimum")


class OverviewView(QWidget):
    district_chosen = Signal(object)  # a district code, or None for the city level

    def __init__(self, show_city_level: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alert = QLabel()
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: {ALERT.name()}; font-weight: bold;")
        self.alert.hide()
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                _("District"),
                _("Counted beds"),
                _("Occupied"),
                _("Free"),
                _("Occupancy"),
                _("Status"),
                _("Reserved"),
                _("Not counted"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        # Sixteen districts fit without scrolling.
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            STATUS_COLUMN, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Double-click or Enter opens the row.
        self.table.activated.connect(lambda index: self._open_row(index.row(), index.column()))
        self.table.setToolTip(_("Double-click a district to see its institutions and beds."))
        self.city_level = QPushButton(_("City-level institutions"))
        self.city_level.setVisible(show_city_level)
        self.city_level.clicked.connect(lambda: self.district_chosen.emit(None))
        bar = QHBoxLayout()
        bar.addWidget(self.alert, 1)
        bar.addWidget(self.city_level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.rows: list[DistrictBeds] = []

    def show_rows(self, rows: list[DistrictBeds], historical: bool) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for i, r in enumerate(rows):
            cells = [
                r.district,
                str(r.counted),
                str(r.occupied),
                str(r.free),
                rate_text(r.occupancy_rate),
                status_text(r),
                "—" if historical else str(r.reserved),
                str(r.uncounted),
            ]
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if r.below_minimum:
                    item.setBackground(QBrush(ALERT_BACKGROUND))
                    if j in (1, STATUS_COLUMN):
                        item.setForeground(QBrush(ALERT))
                        item.setFont(bold)
                self.table.setItem(i, j, item)
        short = [r.district for r in rows if r.below_minimum]
        self.alert.setText(
            _("Below the minimum of {n} counted beds: {districts}").format(
                n=MINIMUM_BEDS, districts="、".join(short)
            )
        )
        self.alert.setVisible(bool(short))

    def _open_row(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.district_chosen.emit(self.rows[row].district_code)
