"""A table model over an ordered list of case ids, loading rows a page at a time.

The ids for a query arrive in one go (8 bytes each); rows are fetched by primary key when
the view first asks for them and kept in a bounded page cache.
"""

from __future__ import annotations

import time
from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from caseworker.i18n import N_, format_short_date, gettext
from caseworker.security.actor import Actor
from caseworker.services.cases.listing import CaseQuery, CaseRow, case_ids, case_rows
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import risk_label, stage_label
from caseworker.ui.shell.db_lane import DbLane

PAGE_SIZE = 100
MAX_PAGES = 60  # 6,000 rows in memory at most, whatever the list's length

COLUMNS = [
    N_("Case number"),
    N_("Child"),
    N_("ID number"),
    N_("District"),
    N_("Stage"),
    N_("Risk"),
    N_("Owner"),
    N_("Opened"),
]
RISK_COLOURS = {"high": QColor("#b3261e"), "medium": QColor("#8a5a00"), "low": QColor("#2e6b30")}

AnyIndex = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    # Emitted with the number of cases when a query's ids are in.
    loaded = Signal(int)
    # Emitted once per query when its first page of rows is in (for first-paint timing).
    first_page = Signal(float)
    failed = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lane = lane
        self._actor = actor
        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, dict[int, CaseRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._started = 0.0
        self._first_page_seen = True

    # --- queries -----------------------------------------------------------------------
    def set_query(self, query: CaseQuery) -> None:
        self._generation += 1
        generation = self._generation
        self._started = time.perf_counter()
        self._first_page_seen = False
        actor = self._actor
        self._lane.submit(
            lambda s: case_ids(s, actor, query),
            lambda ids: self._ids_arrived(generation, ids),
            self._error,
        )

    def _ids_arrived(self, generation: int, ids: array[int]) -> None:
        if generation != self._generation:
            return  # a newer query has been asked for meanwhile
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self.loaded.emit(len(ids))
        if not ids:
            self._first_page_seen = True
            self.first_page.emit(time.perf_counter() - self._started)

    def _error(self, error: DomainError) -> None:
        self.failed.emit(error.message)

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        chunk = list(self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
        actor = self._actor
        self._lane.submit(
            lambda s: case_rows(s, actor, chunk),
            lambda rows: self._page_arrived(generation, page, rows),
            self._error,
        )

    def _page_arrived(self, generation: int, page: int, rows: list[CaseRow]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = {r.id: r for r in rows}
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(len(self._ids), first + PAGE_SIZE) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        if not self._first_page_seen:
            self._first_page_seen = True
            self.first_page.emit(time.perf_counter() - self._started)

    # --- Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return gettext(COLUMNS[section])
        return None

    def row_at(self, row: int) -> CaseRow | None:
        """The loaded row, or None while its page is on the way (the page is requested)."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def case_id_at(self, row: int) -> int:
        return self._ids[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        col = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            return (
                QBrush(RISK_COLOURS[row.risk_level])
                if col == 5 and row.risk_level in RISK_COLOURS
                else None
            )
        values = (
            row.case_number,
            row.child_name,
            row.id_number,
            row.district,
            stage_label(row.stage),
            risk_label(row.risk_level),
            row.owner,
            format_short_date(row.opened_at.date()),
        )
        return values[col]

    def loaded_pages(self) -> int:
        return len(self._pages)
