"""The institution's court calendar: sessions, protection-order expiries and compliance
checks in the user's districts for the next 60 days.

`CourtCalendarPage(lane, actor)`; `refresh()` reloads it; `open_case(int)` asks the main
window to open a case. The month view marks the days with entries; choosing a day (arrow
keys move it) selects its first entry in the list; Enter or a double click opens the case.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker import i18n
from caseworker.i18n import N_, _, gettext
from caseworker.security.actor import Actor
from caseworker.services.court.work import CalendarEntry, court_calendar
from caseworker.services.errors import DomainError
from caseworker.ui.court.common import alive, cell, qdate, shanghai_today, table
from caseworker.ui.shell.db_lane import DbLane

DAYS = 60
KINDS = {
    "hearing": N_("Court session"),
    "order_expiry": N_("Order deadline"),
    "compliance": N_("Compliance check"),
}
MARK = QColor("#1a5fb4")


class CourtCalendarPage(QWidget):
    open_case = Signal(int)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.entries: list[CalendarEntry] = []
        self.start = shanghai_today()
        self.heading = QLabel()
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setLocale(QLocale(i18n.active_locale()))  # month and day names
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.selectionChanged.connect(self._day_chosen)
        self.list = table(
            [_("Date"), _("Kind"), _("Case number"), _("Child"), _("What"), _("Where")]
        )
        for col, width in enumerate((95, 110, 140, 80, 220)):
            self.list.setColumnWidth(col, width)
        self.list.activated.connect(lambda index: self._open(index.row()))
        self.list.cellDoubleClicked.connect(lambda row, _col: self._open(row))
        self.open_button = QPushButton(_("&Open case"))
        self.open_button.clicked.connect(lambda: self._open(self.list.currentRow()))
        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        side = QVBoxLayout()
        side.addWidget(self.calendar)
        side.addStretch(1)
        main = QHBoxLayout()
        main.addLayout(side)
        main.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(main, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        actor, start = self.actor, shanghai_today()
        self.start = start
        self.lane.submit(
            lambda s: court_calendar(s, actor, start, DAYS),
            alive(self, self._show),
            alive(self, self._error),
        )

    def _error(self, error: DomainError) -> None:
        self.heading.setText(error.message)

    def _show(self, entries: list[CalendarEntry]) -> None:
        self.entries = entries
        end = self.start + timedelta(days=DAYS)
        self.calendar.setDateRange(qdate(self.start), qdate(end))
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear the old marks
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setForeground(QBrush(MARK))
        for day in {e.on for e in entries}:
            self.calendar.setDateTextFormat(qdate(day), marked)
        self.list.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = (
                e.on.isoformat(),
                gettext(KINDS.get(e.kind, e.kind)),
                e.case_number,
                e.child_name,
                e.title,
                e.detail,
            )
            for col, text in enumerate(values):
                self.list.setItem(row, col, cell(text, e.case_id))
        self.heading.setText(
            _("{n} court dates from {start} to {end} (bold days in the calendar)").format(
                n=len(entries), start=self.start.isoformat(), end=end.isoformat()
            )
        )
        self.open_button.setEnabled(bool(entries))

    def _day_chosen(self) -> None:
        q = self.calendar.selectedDate()
        day = date(q.year(), q.month(), q.day())
        row = next((i for i, e in enumerate(self.entries) if e.on >= day), None)
        if row is not None:
            self.list.selectRow(row)
            self.list.scrollTo(self.list.model().index(row, 0))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.open_case.emit(self.entries[row].case_id)
