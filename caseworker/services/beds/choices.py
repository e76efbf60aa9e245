"""The choices a placement dialog offers: cases that may be admitted, beds that are free.

Only suggestions: the admit and transfer services check every rule again under locks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from caseworker.models import Bed, Case, Child, District, Institution, Placement, Room
from caseworker.security.actor import Actor
from caseworker.services.beds.access import child_name_for
from caseworker.services.beds.placements import ADMITTING_STAGES
from caseworker.services.beds.rules import IN_SERVICE, institution_qualifies


@dataclass(frozen=True)
class CaseChoice:
    case_id: int
    case_number: str
    child: str  # masked per role
    stage: str
    district: str
    reserved_here: bool = False


@dataclass(frozen=True)
class BedChoice:
    bed_id: int
    district: str
    institution: str
    room: str
    label: str
    counts: bool


def admittable_cases(
    session: Session,
    actor: Actor,
    district_code: str | None,
    *,
    bed_id: int | None = None,
    text: str = "",
    limit: int = 200,
) -> list[CaseChoice]:
    """Cases in emergency response or temporary guardianship whose child is in no bed, of
    one district (None: every district the actor sees), newest first; a case that
    reserved `bed_id` comes first."""
    actor.require_case_access()
    if district_code is not None:
        actor.require_district(district_code)
    placed = exists().where(Placement.child_id == Case.child_id, Placement.discharged_at.is_(None))
    reserved_here = (
        exists().where(Bed.id == bed_id, Bed.reserved_for_case_id == Case.id)
        if bed_id is not None
        else None
    )
    stmt = (
        select(Case.id, Case.case_number, Child.name, Case.stage, District.short_name)
        .join(Child, Child.id == Case.child_id)
        .join(District, District.code == Case.district_code)
        .where(Case.stage.in_(sorted(ADMITTING_STAGES)), ~placed)
    )
    if reserved_here is not None:
        stmt = stmt.add_columns(reserved_here.label("reserved_here")).order_by(reserved_here.desc())
    stmt = stmt.order_by(Case.opened_at.desc(), Case.id.desc()).limit(limit)
    if district_code is not None:
        stmt = stmt.where(Case.district_code == district_code)
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Case.district_code.in_(sorted(visible)))
    text = text.strip()
    if text:
        stmt = stmt.where(or_(Case.case_number.contains(text), Child.name.startswith(text)))
    return [
        CaseChoice(
            row.id,
            row.case_number,
            child_name_for(row.name, actor),
            row.stage,
            row.short_name,
            bool(getattr(row, "reserved_here", False)),
        )
        for row in session.execute(stmt)
    ]


def free_beds(session: Session, actor: Actor, case_id: int | None = None) -> list[BedChoice]:
    """In-service, empty beds the actor may place a child in, not reserved for another
    case; counted beds first."""
    actor.require_case_access()
    occupied = exists().where(Placement.bed_id == Bed.id, Placement.discharged_at.is_(None))
    not_held = (
        Bed.reserved_for_case_id.is_(None)
        if case_id is None
        else or_(Bed.reserved_for_case_id.is_(None), Bed.reserved_for_case_id == case_id)
    )
    counts = and_(institution_qualifies(), Bed.status == IN_SERVICE)
    stmt = (
        select(
            Bed.id,
            District.short_name,
            Institution.name,
            Room.name.label("room"),
            Bed.label,
            counts.label("counts"),
        )
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
        .outerjoin(District, District.code == Institution.district_code)
        .where(Bed.status == IN_SERVICE, ~occupied, not_held)
        .order_by(Institution.district_code, Institution.id, Room.name, Bed.label)
    )
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Institution.district_code.in_(sorted(visible)))
    return [
        BedChoice(r.id, r.short_name or "", r.name, r.room, r.label, bool(r.counts))
        for r in session.execute(stmt)
    ]
