"""Occupancy over time: the board on any past day, and month by month.

A month's occupancy rate is occupied bed-days over available bed-days (the hospital
measure OpenMRS reports), counted on the beds that count toward the district minimum.
Available beds are today's counted beds plus any counted-setting bed that held a child
that month (beds keep no status history; see docs/beds.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Bed, Institution, Placement, Room, utcnow
from caseworker.services.actor import Actor
from caseworker.services.bed_rules import (
    IN_SERVICE,
    day_start,
    institution_qualifies,
    last_instant,
    shanghai_today,
)
from caseworker.services.bed_summary import DistrictBeds, district_beds
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
    stmt = stmt.where(institution_qualifies())
    if district_code is not None:
        actor.require_district(district_code)
        stmt = stmt.where(Institution.district_code == district_code)
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Institution.district_code.in_(sorted(visible)))
    return stmt


def bed_days(
    session: Session,
    actor: Actor,
    months: list[tuple[int, int]],
    district_code: str | None = None,
) -> dict[tuple[str, int, int], MonthPoint]:
    """Occupied and available bed-days per (district, year, month), in one pass over the
    stays that overlap the months (a few thousand rows for a year of a whole city)."""
    actor.require_case_access()
    now = utcnow()
    start = month_bounds(*months[0])[0]
    end = min(month_bounds(*months[-1])[1], now)
    base = (
        select(Bed.id, Institution.district_code)
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
    )
    in_service = session.execute(
        _scoped(base.where(Bed.status == IN_SERVICE), actor, district_code)
    ).all()
    stays = session.execute(
        _scoped(
            base.add_columns(Placement.admitted_at, Placement.discharged_at)
            .join(Placement, Placement.bed_id == Bed.id)
            .where(
                Placement.admitted_at < end,
                or_(Placement.discharged_at.is_(None), Placement.discharged_at > start),
            ),
            actor,
            district_code,
        )
    ).all()
    result: dict[tuple[str, int, int], MonthPoint] = {}
    for year, month in months:
        lo, hi = month_bounds(year, month)
        hi = min(hi, now)
        if hi <= lo:
            continue
        beds: dict[str, set[int]] = defaultdict(set)
        for bed_id, district in in_service:
            beds[district].add(bed_id)
        occupied: dict[str, float] = defaultdict(float)
        for bed_id, district, admitted, discharged in stays:
            overlap = (min(discharged or hi, hi) - max(admitted, lo)).total_seconds()
            if overlap > 0:
                occupied[district] += overlap / DAY
                beds[district].add(bed_id)
        span = (hi - lo).total_seconds() / DAY
        for district, ids in beds.items():
            result[(district, year, month)] = MonthPoint(
                year, month, occupied[district], len(ids) * span
            )
    return result


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
