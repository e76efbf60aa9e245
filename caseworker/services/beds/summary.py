"""Care beds per district against the legal minimum of 25 (沪府规〔2022〕4号 §四(二)).

Today's figures come from the open placements (a partial index covers them); figures for a
past moment come from the placement history, one index probe per bed (see `occupied_at`),
counted on the inventory as it stood then (`inventory_history.InventoryAt`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, Subquery, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from caseworker.models import Bed, District, Institution, Placement, Room, UTCDateTime, utcnow
from caseworker.security.actor import Actor
from caseworker.services.beds.history import InventoryAt
from caseworker.services.beds.rules import (
    CLAUSE,
    IN_SERVICE,
    MINIMUM_BEDS,
    RETIRED,
    counts_toward_minimum,
)

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)

__all__ = [
    "CLAUSE",
    "MINIMUM_BEDS",
    "DistrictBeds",
    "counts_toward_minimum",
    "district_beds",
    "occupied_at",
]


@dataclass(frozen=True)
class DistrictBeds:
    district_code: str
    district: str
    counted: int
    occupied: int
    reserved: int = 0  # counted beds held for a case and still empty (today only)
    uncounted: int = 0  # the district's other beds: wrong setting, out of service

    @property
    def free(self) -> int:
        """Counted beds a child could be admitted to now: neither occupied nor reserved."""
        return max(0, self.counted - self.occupied - self.reserved)

    @property
    def below_minimum(self) -> bool:
        return self.counted < MINIMUM_BEDS

    @property
    def occupancy_rate(self) -> float | None:
        return self.occupied / self.counted if self.counted else None


def occupied_at(as_of: datetime | None) -> Subquery:
    """(bed_id, placement_id) of every bed occupied at `as_of` (None: now).

    A bed's stays never overlap, so the stay open at T is the bed's latest admission at or
    before T, if it had not ended by T: a probe or two of ix_placements_bed_admitted per
    bed instead of a scan of all history before T (bench/beds.py measures both).
    """
    if as_of is None:
        return (
            select(Placement.bed_id, Placement.id.label("placement_id"))
            .where(Placement.discharged_at.is_(None))
            .subquery("occ")
        )
    b = aliased(Bed)

    def latest(column: Any) -> ColumnElement[Any]:
        # admitted_at alone orders a bed's stays (they never share a start), so the
        # probe reads the index backwards and stops at the first entry.
        return (
            select(column)
            .where(Placement.bed_id == b.id, Placement.admitted_at <= as_of)
            .order_by(Placement.admitted_at.desc())
            .limit(1)
            .correlate(b)
            .scalar_subquery()
        )

    # An open stay ends at the far future; a bed never occupied before T gives NULL.
    ends = latest(func.coalesce(Placement.discharged_at, literal(FAR_FUTURE, UTCDateTime())))
    return (
        select(b.id.label("bed_id"), latest(Placement.id).label("placement_id"))
        .where(ends > as_of)
        .subquery("occ")
    )


def _count(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0).cast(Integer)


def district_beds(
    session: Session, actor: Actor, as_of: datetime | None = None
) -> list[DistrictBeds]:
    """Per visible district: counted, occupied, reserved and uncounted beds.

    `as_of` None (or a moment not in the past) gives today's board. A past moment is
    counted on the inventory of that moment (`inventory_history`): the beds there then,
    their status then and their institution's facts then; a bed occupied then counts then
    whatever its status (a child was in it). Reservations are not historical.
    """
    actor.require_case_access()
    if as_of is not None and as_of >= utcnow():
        as_of = None
    occ = occupied_at(as_of)
    occupied = occ.c.bed_id.is_not(None)
    then = InventoryAt.at(as_of) if as_of is not None else None
    if then is None:
        counted = counts_toward_minimum()
        reserved = and_(counted, ~occupied, Bed.reserved_for_case_id.is_not(None))
        listed = Bed.status != RETIRED
    else:
        there = then.in_inventory()
        counted = and_(then.qualifies(), or_(and_(there, then.status() == IN_SERVICE), occupied))
        reserved = false()
        listed = or_(there, occupied)
    stmt = (
        select(
            District.code,
            District.name,
            _count(counted),
            _count(and_(counted, occupied)),
            _count(reserved),
            _count(and_(Bed.id.is_not(None), listed, ~counted)),
        )
        .select_from(District)
        .outerjoin(Institution, Institution.district_code == District.code)
        .outerjoin(Room, Room.institution_id == Institution.id)
        .outerjoin(Bed, Bed.room_id == Room.id)
        .outerjoin(occ, occ.c.bed_id == Bed.id)
        .group_by(District.code, District.name, District.sort_order)
        .order_by(District.sort_order)
    )
    if then is not None:
        stmt = then.join(stmt)
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(District.code.in_(sorted(visible)))
    return [DistrictBeds(*row) for row in session.execute(stmt)]
