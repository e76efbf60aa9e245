"""One line of "my work": what is due or waiting, on which case, and the clause behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WorkItem:
    group: str  # overdue / due_soon / approval / answer / transfer
    due: date | None
    case_id: int
    case_number: str
    child_name: str
    title: str
    basis: str = ""  # the clause behind a statutory clock
    ref_id: int | None = None  # approval or transfer id
