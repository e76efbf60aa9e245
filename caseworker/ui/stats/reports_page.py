"""Reports: cases per district and stage, with totals (the bed report is on the beds board)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.cases.statistics import DistrictFigures, cases_by_district_and_stage
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import STAGES, stage_label
from caseworker.ui.shell.db_lane import DbLane


class ReportsPage(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.title = QLabel(_("Cases per district and stage"))
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold")
        self.note = QLabel(
            _("The monthly care-bed occupancy report is exported from the care-beds board.")
        )
        headers = [_("District")] + [stage_label(s) for s in STAGES] + [_("Open"), _("Total")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        refresh = QPushButton(_("Refresh"))
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(refresh)

    def refresh(self) -> None:
        actor = self.actor
        self.lane.submit(lambda s: cases_by_district_and_stage(s, actor), self._show, self._error)

    def _error(self, error: DomainError) -> None:
        self.note.setText(error.message)

    def _show(self, rows: list[DistrictFigures]) -> None:
        self.table.setRowCount(len(rows) + 1)
        totals = [0] * (len(STAGES) + 2)
        for i, r in enumerate(rows):
            values = [r.by_stage[s] for s in STAGES] + [r.open, r.total]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            self.table.setItem(i, 0, QTableWidgetItem(r.district))
            for j, v in enumerate(values, start=1):
                self.table.setItem(i, j, QTableWidgetItem(f"{v:,}"))
        bold = QFont()
        bold.setBold(True)
        last = len(rows)
        self.table.setItem(last, 0, QTableWidgetItem(_("Total")))
        for j, v in enumerate(totals, start=1):
            item = QTableWidgetItem(f"{v:,}")
            item.setFont(bold)
            self.table.setItem(last, j, item)
