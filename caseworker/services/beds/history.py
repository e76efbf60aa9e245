"""The bed inventory as it stood at a past moment: which beds there were, in or out of
service, and which institutions' beds counted toward the district's 25.

History is kept as change rows holding the value before and after (models/institution.py):
the value at T is the "before" of the first change after T, else the current value. So a
bed or an institution that never changed needs no row, a past moment reads only the few
changes made since, and "now" is simply the current columns. A bed is in the inventory at
T from its `created_at` (None: always) until its status turns "retired".

Two forms, as for the counting rule itself (bed_rules): SQL for the board on a past day
(`InventoryAt`: the first change after T of each bed and institution, outer-joined), and a
Python `InventoryTimeline` that walks the changes of a span for the bed-days of months.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from caseworker.models import Bed, BedStatusChange, Institution, InstitutionFactChange
from caseworker.services.beds.rules import (
    IN_SERVICE,
    RETIRED,
    institution_qualifies,
    institution_verdict,
)

T = TypeVar("T")
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")


# -- SQL: one moment ------------------------------------------------------------------------


def _first_after(key: Any, changed_at: Any, row_id: Any, as_of: datetime, *olds: Any) -> Subquery:
    """Per owner (`key`), the "before" values of its first change after `as_of`: one pass
    over the changes made since (a handful), joined by hash rather than probed per bed."""
    first = func.row_number().over(partition_by=key, order_by=(changed_at, row_id))
    since = select(key.label("key"), *olds, first.label("n")).where(changed_at > as_of).subquery()
    return select(*(c for c in since.c if c.name != "n")).where(since.c.n == 1).subquery()


@dataclass(frozen=True)
class InventoryAt:
    """The inventory at a past moment, for a query over beds joined to their institution:
    `join` adds the changes made since; the other methods are the values then."""

    as_of: datetime
    bed_changes: Subquery
    fact_changes: Subquery

    @classmethod
    def at(cls, as_of: datetime) -> InventoryAt:
        c, f = BedStatusChange, InstitutionFactChange
        return cls(
            as_of,
            _first_after(c.bed_id, c.changed_at, c.id, as_of, c.old_status),
            _first_after(
                f.institution_id,
                f.changed_at,
                f.id,
                as_of,
                f.old_independent_zone,
                f.old_dedicated_staff,
            ),
        )

    def join(self, stmt: SelectT, *, facts: bool = True) -> SelectT:
        """Outer-join the changes since to a statement over Bed (and Institution, for the
        facts)."""
        stmt = stmt.outerjoin(self.bed_changes, self.bed_changes.c.key == Bed.id)
        if facts:
            stmt = stmt.outerjoin(self.fact_changes, self.fact_changes.c.key == Institution.id)
        return stmt

    def status(self) -> ColumnElement[str]:
        """The bed's status then."""
        return func.coalesce(self.bed_changes.c.old_status, Bed.status)

    def in_inventory(self) -> ColumnElement[bool]:
        """Added by then and not retired then."""
        return and_(
            or_(Bed.created_at.is_(None), Bed.created_at <= self.as_of),
            self.status() != RETIRED,
        )

    def facts(self) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        """The institution's independent zone and dedicated staff then."""
        return (
            func.coalesce(self.fact_changes.c.old_independent_zone, Institution.independent_zone),
            func.coalesce(self.fact_changes.c.old_dedicated_staff, Institution.dedicated_staff),
        )

    def qualifies(self) -> ColumnElement[bool]:
        """`bed_rules.institution_qualifies` on the facts then."""
        zone, staff = self.facts()
        return institution_qualifies(independent_zone=zone, dedicated_staff=staff)

    def institution_existed(self) -> ColumnElement[bool]:
        return or_(Institution.created_at.is_(None), Institution.created_at <= self.as_of)


# -- Python: a span of time -----------------------------------------------------------------


@dataclass
class Steps(Generic[T]):
    """A value that changes at given moments: `initial` before the first, then each."""

    initial: T
    times: list[datetime] = field(default_factory=list)
    values: list[T] = field(default_factory=list)

    def at(self, when: datetime) -> T:
        i = bisect_right(self.times, when)
        return self.values[i - 1] if i else self.initial

    @classmethod
    def from_changes(cls, current: T, changes: Sequence[tuple[datetime, T]]) -> Steps[T]:
        """From (time, value before) of the changes after some moment, in order, and the
        value now: the value after each change is the "before" of the next."""
        if not changes:
            return cls(current)
        olds = [old for _at, old in changes]
        return cls(olds[0], [at for at, _old in changes], olds[1:] + [current])


@dataclass(frozen=True)
class BedLife:
    bed_id: int
    institution_id: int
    district_code: str
    created_at: datetime | None
    status: Steps[str]

    def available(self, when: datetime) -> bool:
        """In the inventory and in service at `when`."""
        added = self.created_at is None or self.created_at <= when
        return added and self.status.at(when) == IN_SERVICE

    def moments(self) -> list[datetime]:
        return ([self.created_at] if self.created_at else []) + self.status.times


@dataclass(frozen=True)
class InstitutionFacts:
    level: str
    setting_type: str
    facts: Steps[tuple[bool, bool]]

    def qualifies(self, when: datetime) -> bool:
        zone, staff = self.facts.at(when)
        return institution_verdict(self.level, self.setting_type, zone, staff).counts


class InventoryTimeline:
    """The inventory of some beds from `since` on: when each was there and in service, and
    when its institution's beds counted. Built from the change rows after `since` only."""

    def __init__(self, beds: dict[int, BedLife], institutions: dict[int, InstitutionFacts]):
        self.beds = beds
        self.institutions = institutions

    @classmethod
    def load(cls, session: Session, bed_rows: Iterable[Any], since: datetime) -> InventoryTimeline:
        """`bed_rows`: (bed id, district, created_at, status, institution id, level,
        setting type, independent zone, dedicated staff) of the beds wanted."""
        rows = list(bed_rows)
        bed_changes: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
        fact_changes: dict[int, list[tuple[datetime, tuple[bool, bool]]]] = defaultdict(list)
        bed_ids = {r[0] for r in rows}
        inst_ids = {r[4] for r in rows}
        if bed_ids:
            for bed_id, at, old in session.execute(
                select(
                    BedStatusChange.bed_id, BedStatusChange.changed_at, BedStatusChange.old_status
                )
                .where(BedStatusChange.changed_at > since)
                .order_by(BedStatusChange.changed_at, BedStatusChange.id)
            ):
                if bed_id in bed_ids:
                    bed_changes[bed_id].append((at, old))
            for inst_id, at, zone, staff in session.execute(
                select(
                    InstitutionFactChange.institution_id,
                    InstitutionFactChange.changed_at,
                    InstitutionFactChange.old_independent_zone,
                    InstitutionFactChange.old_dedicated_staff,
                )
                .where(InstitutionFactChange.changed_at > since)
                .order_by(InstitutionFactChange.changed_at, InstitutionFactChange.id)
            ):
                if inst_id in inst_ids:
                    fact_changes[inst_id].append((at, (zone, staff)))
        beds: dict[int, BedLife] = {}
        institutions: dict[int, InstitutionFacts] = {}
        for bed_id, district, created, status, inst_id, level, setting, zone, staff in rows:
            beds[bed_id] = BedLife(
                bed_id,
                inst_id,
                district,
                created,
                Steps.from_changes(status, bed_changes.get(bed_id, [])),
            )
            if inst_id not in institutions:
                institutions[inst_id] = InstitutionFacts(
                    level,
                    setting,
                    Steps.from_changes((zone, staff), fact_changes.get(inst_id, [])),
                )
        return cls(beds, institutions)

    def qualifies(self, bed_id: int, when: datetime) -> bool:
        """Whether the bed's institution counted toward the minimum at `when`."""
        return self.institutions[self.beds[bed_id].institution_id].qualifies(when)

    def moments(self, bed_id: int) -> list[datetime]:
        """The moments at which the bed's own state or its institution's facts changed."""
        bed = self.beds[bed_id]
        return bed.moments() + self.institutions[bed.institution_id].facts.times


def bed_rows_query() -> Select[int, str | None, datetime | None, str, int, str, str, bool, bool]:
    """The columns `InventoryTimeline.load` wants (join Room and Institution to Bed)."""
    return select(
        Bed.id,
        Institution.district_code,
        Bed.created_at,
        Bed.status,
        Institution.id,
        Institution.level,
        Institution.setting_type,
        Institution.independent_zone,
        Institution.dedicated_staff,
    )
