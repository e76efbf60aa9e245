"""Shared pieces of the demo builder: the row writer, the summary, the constants."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from caseworker.demo.bulk import insert_rows

CHUNK = 20_000
HISTORY_YEARS = 5


class DemoError(Exception):
    pass


@dataclass
class DemoSummary:
    children: int = 0
    family_members: int = 0
    cases: int = 0
    case_events: int = 0
    users: int = 0
    institutions: int = 0
    beds: int = 0
    placements: int = 0
    stages: dict[str, int] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]


def _utc(d: date, rng: random.Random) -> datetime:
    return datetime.combine(d, time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=UTC)


class _Writer:
    """Formats values for the backend and buffers rows per table."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.buffers: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)

    def dt(self, value: datetime | None) -> Any:
        if value is None or not self.sqlite:
            return value
        # The exact text SQLAlchemy writes for SQLite, so stored values sort and parse alike.
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def add(self, table: str, columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        self.buffers[(table, columns)].append(row)

    def flush(self) -> None:
        for (table, columns), rows in self.buffers.items():
            insert_rows(self.conn, table, columns, rows)
        self.buffers.clear()
