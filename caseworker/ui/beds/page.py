"""The care-bed board: districts against the minimum → a district's institutions → one
institution's rooms and bed grid, on today or any past day, with the monthly trend and the
monthly report export.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.models import utcnow
from caseworker.security.actor import Actor
from caseworker.services.beds.board import InstitutionRow, institution_rows
from caseworker.services.beds.occupancy import Occupancy, add_months, monthly_trend, occupancy_on
from caseworker.services.beds.report import MonthlyReport, export_monthly_report, formats
from caseworker.services.beds.rules import CLAUSE, MINIMUM_BEDS, last_instant, shanghai_today
from caseworker.services.beds.summary import DistrictBeds
from caseworker.services.errors import DomainError
from caseworker.ui.beds.chart import TrendChart
from caseworker.ui.beds.dialogs import ExportDialog
from caseworker.ui.beds.institution import InstitutionView
from caseworker.ui.beds.institutions import InstitutionsView
from caseworker.ui.beds.overview import OverviewView
from caseworker.ui.shell.db_lane import DbLane

OVERVIEW, DISTRICT, INSTITUTION = 0, 1, 2
TREND_MONTHS = 12


class BedsPage(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lane, self._actor = lane, actor
        self.day: date | None = None  # None: today, live
        self.district_code: str | None = None
        self.district_label = ""
        self.institution_id: int | None = None
        self.rows: list[DistrictBeds] = []
        self.institutions: list[InstitutionRow] = []
        self.last_report: MonthlyReport | None = None

        self.up = QPushButton(_("◀ Back"))
        self.up.clicked.connect(self.go_up)
        self.path = QLabel()
        self.path.setTextFormat(Qt.TextFormat.PlainText)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.today = QPushButton(_("Today"))
        self.today.clicked.connect(lambda: self.set_day(None))
        self.export = QPushButton(_("Export monthly report…"))
        self.export.clicked.connect(self.ask_export)
        self.status = QLabel()
        self.note = QLabel(
            _("Each district must keep at least {n} care beds ({clause}).").format(
                n=MINIMUM_BEDS, clause=CLAUSE
            )
        )
        self.note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.up)
        bar.addWidget(self.path, 1)
        bar.addWidget(QLabel(_("As of")))
        bar.addWidget(self.date)
        bar.addWidget(self.today)
        bar.addWidget(self.export)

        self.overview = OverviewView(show_city_level=actor.sees_all_districts)
        self.overview.district_chosen.connect(self.open_district)
        self.table = self.overview.table  # the district figures, as before the board
        self.institutions_view = InstitutionsView(lane, actor)
        self.institutions_view.institution_chosen.connect(self.open_institution)
        self.institutions_view.setup.done.connect(self._set_up)
        self.institution_view = InstitutionView(lane, actor)
        self.institution_view.changed.connect(self._load_figures)
        self.stack = QStackedWidget()
        for w in (self.overview, self.institutions_view, self.institution_view):
            self.stack.addWidget(w)
        self.chart = TrendChart()
        self.chart.setFixedHeight(250)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.chart)
        layout.addWidget(self.status)
        QShortcut(QKeySequence(Qt.Key.Key_Backspace), self, self.go_up)
        self._reset_date()
        self.date.dateChanged.connect(self._date_changed)
        self._update_path()

    # --- navigation -------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_figures()
        self._load_level()

    def open_district(self, code: str | None) -> None:
        self.district_code = code
        self.status.clear()
        row = next((r for r in self.rows if r.district_code == code), None)
        self.district_label = row.district if row else _("City level")
        self.stack.setCurrentIndex(DISTRICT)
        self.institutions_view.set_district(code, self.district_label)
        self.institutions_view.show_rows([], self.day is not None)
        self._update_path()
        self._load_level()
        self._load_trend()

    def open_institution(self, institution_id: int) -> None:
        self.institution_id = institution_id
        self.status.clear()
        self.institution_view.district_label = self.district_label
        self.stack.setCurrentIndex(INSTITUTION)
        self._update_path()
        self._load_level()
        self._load_trend()

    def go_up(self) -> None:
        level = self.stack.currentIndex()
        self.status.clear()
        if level == INSTITUTION:
            self.stack.setCurrentIndex(DISTRICT)
            self._load_level()
        elif level == DISTRICT:
            self.stack.setCurrentIndex(OVERVIEW)
        self._load_trend()
        self._update_path()

    def set_day(self, day: date | None) -> None:
        """Show the board on `day` (None: today, live); the date field follows."""
        today = shanghai_today(utcnow())
        self.day = None if day is None or day >= today else day
        self.date.blockSignals(True)
        self._reset_date()
        self.date.blockSignals(False)
        self.refresh()

    def as_of(self) -> datetime | None:
        return last_instant(self.day) if self.day is not None else None

    def _reset_date(self) -> None:
        today = shanghai_today(utcnow())
        shown = self.day or today
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date.setDate(QDate(shown.year, shown.month, shown.day))

    def _date_changed(self, value: QDate) -> None:
        self.set_day(date(value.year(), value.month(), value.day()))

    def _update_path(self) -> None:
        level = self.stack.currentIndex()
        parts = [_("All districts") if self._actor.sees_all_districts else _("Care beds")]
        if level >= DISTRICT:
            parts.append(self.district_label)
        if level == INSTITUTION:
            inst = next((i for i in self.institutions if i.id == self.institution_id), None)
            parts.append(inst.name if inst else "…")
        self.path.setText(" › ".join(parts))
        self.up.setEnabled(level != OVERVIEW)

    # --- loading ----------------------------------------------------------------------
    def _load_figures(self) -> None:
        actor, day = self._actor, self.day
        self._lane.submit(lambda s: occupancy_on(s, actor, day), self._figures, self._error)
        self._load_trend()

    def _figures(self, occupancy: Occupancy) -> None:
        self.rows = occupancy.districts
        self.overview.show_rows(occupancy.districts, occupancy.as_of is not None)

    def _load_trend(self) -> None:
        """The trend of what the level shows: every visible district, or one district."""
        level = self.stack.currentIndex()
        # Not for one institution, nor for the city level (its beds count toward no 25).
        shown = level == OVERVIEW or (level == DISTRICT and self.district_code is not None)
        self.chart.setVisible(shown)
        if not shown:
            return
        actor, day = self._actor, self.day or shanghai_today(utcnow())
        code = self.district_code if level == DISTRICT else None
        self._lane.submit(
            lambda s: monthly_trend(s, actor, TREND_MONTHS, day, code),
            lambda points: self.chart.set_points(points, self._scope(code)),
            self._error,
        )

    def _scope(self, code: str | None) -> str:
        if code is not None:
            return self.district_label
        if self._actor.sees_all_districts or len(self.rows) != 1:
            return _("All districts")
        return self.rows[0].district

    def _load_level(self) -> None:
        level, actor, as_of = self.stack.currentIndex(), self._actor, self.as_of()
        if level == DISTRICT:
            code = self.district_code
            self._lane.submit(
                lambda s: institution_rows(s, actor, code, as_of), self._institutions, self._error
            )
        elif level == INSTITUTION and self.institution_id is not None:
            self.institution_view.load(self.institution_id, as_of)

    def _institutions(self, rows: list[InstitutionRow]) -> None:
        self.institutions = rows
        self.institutions_view.show_rows(rows, self.day is not None)
        self._update_path()

    def _error(self, error: DomainError) -> None:
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(error.message)

    def _set_up(self, text: str, institution_id: int) -> None:
        """An institution was added or its facts changed: select it and refresh the figures."""
        self.status.setStyleSheet("color: #2e6b30;")
        self.status.setText(text)
        self.institutions_view.select_id = institution_id
        self.refresh()

    # --- the monthly report -----------------------------------------------------------
    def ask_export(self) -> None:
        today = shanghai_today(utcnow())
        months = [add_months(today.year, today.month, -i) for i in range(1, 25)]
        folder = Path.home() / "Documents"
        self.export_dialog = ExportDialog(
            months, formats(), folder if folder.is_dir() else Path.home(), self
        )
        self.export_dialog.accepted.connect(lambda: self.export_month(*self.export_dialog.choice()))
        self.export_dialog.open()

    def export_month(
        self, year: int, month: int, fmt: str, path: Path, password: str | None = None
    ) -> None:
        actor = self._actor
        self.status.setText(_("Writing the report…"))
        self._lane.submit(
            lambda s: export_monthly_report(s, actor, year, month, path, fmt, password),
            lambda report: self._exported(report, path),
            self._error,
        )

    def _exported(self, report: MonthlyReport, path: Path) -> None:
        self.last_report = report
        self.status.setStyleSheet("")
        self.status.setText(_("Report saved: {path}").format(path=path))
