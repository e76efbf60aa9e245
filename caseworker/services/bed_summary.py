"""Care beds per district against the legal minimum of 25 (沪府规〔2022〕4号 §四(二))."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from caseworker.models import Bed, District, Institution, Placement, Room
from caseworker.services.actor import Actor

MINIMUM_BEDS = 25
CLAUSE = "沪府规〔2022〕4号 §四(二)"


@dataclass(frozen=True)
class DistrictBeds:
    district_code: str
    district: str
    counted: int
    occupied: int

    @property
    def free(self) -> int:
        return max(0, self.counted - self.occupied)

    @property
    def below_minimum(self) -> bool:
        return self.counted < MINIMUM_BEDS


def counts_toward_minimum():  # type: ignore[no-untyped-def]
    """A bed counts in a district protection institution or street station; in a welfare
    facility only inside an independent zone with dedicated staff."""
    return and_(
        Institution.level != "city",
        Bed.status == "in_service",
        or_(
            Institution.setting_type.in_(("protection_institution", "street_station")),
            and_(
                Institution.setting_type == "welfare_facility",
                Institution.independent_zone.is_(True),
                Institution.dedicated_staff.is_(True),
            ),
        ),
    )


def district_beds(session: Session, actor: Actor) -> list[DistrictBeds]:
    actor.require_case_access()
    open_placement = select(Placement.bed_id).where(Placement.discharged_at.is_(None)).subquery()
    stmt = (
        select(
            District.code,
            District.name,
            func.count(Bed.id),
            func.count(case((open_placement.c.bed_id.is_not(None), 1))),
        )
        .select_from(District)
        .outerjoin(Institution, Institution.district_code == District.code)
        .outerjoin(Room, Room.institution_id == Institution.id)
        .outerjoin(Bed, and_(Bed.room_id == Room.id, counts_toward_minimum()))
        .outerjoin(open_placement, open_placement.c.bed_id == Bed.id)
        .group_by(District.code, District.name, District.sort_order)
        .order_by(District.sort_order)
    )
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(District.code.in_(sorted(visible)))
    return [
        DistrictBeds(code, name, counted, occupied)
        for code, name, counted, occupied in session.execute(stmt)
    ]
