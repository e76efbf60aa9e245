"""Occupancy over time: the board on any past day, and month by month.

A month's occupancy rate is occupied bed-days over available bed-days (the hospital
measure OpenMRS reports), counted on the beds that count toward the district minimum as
the inventory stood day by day (`inventory_history`; see docs/beds.md).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Bed, Institution, Placement, Room, utcnow
from caseworker.security.actor import Actor
from caseworker.services.beds.history import InventoryTimeline, bed_rows_query
from caseworker.services.beds.rules import (
    day_start,
    last_instant,
    may_ever_qualify,
    shanghai_today,
)
from caseworker.services.beds.summary import DistrictBeds, district_beds
from caseworker.services.errors import ValidationError

DAY = 86400.0


@dataclass(frozen=True)
class Occupancy:
    day: date
    as_of: datetime | None  # None: now
    districts: list[DistrictBeds]


@dataclass(frozen=True)
class MonthPoint:
    year: int
    month: int
    occupied_days: float
    bed_days: float

    @property
    def rate(self) -> float | None:
        return self.occupied_days / self.bed_days if self.bed_days else None


def occupancy_on(session: Session, actor: Actor, day: date | None = None) -> Occupancy:
    """The board's district figures at the end of `day` (Shanghai time); today: now."""
    today = shanghai_today(utcnow())
    if day is not None and day > today:
        raise ValidationError(_("Choose today or a past day."), field="date")
    if day is None or day == today:
        return Occupancy(today, None, district_beds(session, actor))
    as_of = last_instant(day)
    return Occupancy(day, as_of, district_beds(session, actor, as_of))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return day_start(first), day_start(following)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def _scoped(stmt: Select, actor: Actor, district_code: str | None) -> Select:  # type: ignore[type-arg]
    stmt = stmt.where(may_ever_qualify())
    if district_code is not None:
        actor.require_district(district_code)
        stmt = stmt.where(Institution.district_code == district_code)
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Institution.district_code.in_(sorted(visible)))
    return stmt


@dataclass
class _BedStays:
    admitted: list[datetime]
    discharged: list[datetime | None]

    def occupied(self, when: datetime) -> bool:
        i = bisect_right(self.admitted, when) - 1
        if i < 0:
            return False
        end = self.discharged[i]
        return end is None or end > when


def bed_days(
    session: Session,
    actor: Actor,
    months: list[tuple[int, int]],
    district_code: str | None = None,
) -> dict[tuple[str, int, int], MonthPoint]:
    """Occupied and available bed-days per (district, year, month), in one pass over the
    stays that overlap the months (a few thousand rows for a year of a whole city).

    Available: the time each bed counted toward the minimum, on the inventory as it stood
    (`inventory_history`): in the inventory and in service while its institution's beds
    counted, or holding a child then. Occupied: the time it held a child while its
    institution's beds counted. A bed added or retired in a month counts for part of it.
    """
    actor.require_case_access()
    now = utcnow()
    bounds = [(y, m, *month_bounds(y, m)) for y, m in months]
    bounds = [(y, m, lo, min(hi, now)) for y, m, lo, hi in bounds if lo < now]
    if not bounds:
        return {}
    start = min(lo for _y, _m, lo, _hi in bounds)
    end = max(hi for _y, _m, _lo, hi in bounds)
    joined = (
        bed_rows_query()
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
    )
    timeline = InventoryTimeline.load(
        session, session.execute(_scoped(joined, actor, district_code)).all(), start
    )
    stays: dict[int, _BedStays] = defaultdict(lambda: _BedStays([], []))
    for bed_id, admitted, discharged in session.execute(
        _scoped(
            select(Bed.id, Placement.admitted_at, Placement.discharged_at)
            .join(Room, Room.id == Bed.room_id)
            .join(Institution, Institution.id == Room.institution_id)
            .join(Placement, Placement.bed_id == Bed.id)
            .where(
                Placement.admitted_at < end,
                or_(Placement.discharged_at.is_(None), Placement.discharged_at > start),
            )
            .order_by(Bed.id, Placement.admitted_at),
            actor,
            district_code,
        )
    ):
        stays[bed_id].admitted.append(admitted)
        stays[bed_id].discharged.append(discharged)
    available: dict[tuple[str, int, int], float] = defaultdict(float)
    occupied: dict[tuple[str, int, int], float] = defaultdict(float)
    no_stays = _BedStays([], [])
    for bed_id, bed in timeline.beds.items():
        held = stays.get(bed_id, no_stays)
        changes = sorted(
            {t for t in timeline.moments(bed_id) if start < t < end}
            | {t for t in held.admitted if start < t < end}
            | {t for t in held.discharged if t is not None and start < t < end}
        )
        for year, month, lo, hi in bounds:
            # The bed's state is constant between consecutive moments of change.
            inside = changes[bisect_right(changes, lo) : bisect_left(changes, hi)]
            key = (bed.district_code, year, month)
            for a, b in zip([lo, *inside], [*inside, hi], strict=True):
                if not timeline.qualifies(bed_id, a):
                    continue
                span = (b - a).total_seconds() / DAY
                if held.occupied(a):
                    occupied[key] += span
                    available[key] += span
                elif bed.available(a):
                    available[key] += span
    return {
        key: MonthPoint(key[1], key[2], occupied[key], days)
        for key, days in available.items()
        if days > 0
    }


def monthly_trend(
    session: Session,
    actor: Actor,
    months: int = 12,
    until: date | None = None,
    district_code: str | None = None,
) -> list[MonthPoint]:
    """The last `months` months up to the month of `until` (default: this month), summed
    over the visible districts (or one)."""
    until = until or shanghai_today(utcnow())
    span = [add_months(until.year, until.month, -i) for i in range(months - 1, -1, -1)]
    per_district = bed_days(session, actor, span, district_code)
    points = []
    for year, month in span:
        cells = [p for (_d, y, m), p in per_district.items() if (y, m) == (year, month)]
        points.append(
            MonthPoint(
                year,
                month,
                sum(p.occupied_days for p in cells),
                sum(p.bed_days for p in cells),
            )
        )
    return points


def last_day(year: int, month: int) -> date:
    y, m = add_months(year, month, 1)
    return date(y, m, 1) - timedelta(days=1)
