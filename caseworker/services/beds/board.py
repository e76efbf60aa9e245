"""What the bed board shows below the district figures: institutions, and a grid of beds.

Children's names are masked for institution staff (王*涵), ID numbers for every role that
may not see them whole (`masking.mask_id_number`); administrators see no children at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, case, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from caseworker.i18n import gettext
from caseworker.models import Bed, Case, Child, Institution, Placement, Room, utcnow
from caseworker.security.actor import Actor
from caseworker.security.masking import mask_id_number
from caseworker.services.beds.access import child_name_for, missing, record_read
from caseworker.services.beds.history import InventoryAt
from caseworker.services.beds.rules import (
    IN_SERVICE,
    OUT_OF_SERVICE,
    RETIRED,
    bed_verdict,
    institution_verdict,
)
from caseworker.services.beds.summary import occupied_at

LEVEL_ORDER = {"district": 0, "street": 1, "city": 2}


@dataclass(frozen=True)
class InstitutionRow:
    id: int
    name: str
    level: str
    setting_type: str
    district_code: str | None
    independent_zone: bool
    dedicated_staff: bool
    counts: bool
    why: str  # translated
    beds: int
    occupied: int
    reserved: int
    out_of_service: int

    @property
    def counted(self) -> int:
        return self.beds - self.out_of_service if self.counts else 0

    @property
    def free(self) -> int:
        return max(0, self.beds - self.out_of_service - self.occupied - self.reserved)


@dataclass(frozen=True)
class BedTile:
    bed_id: int
    room_id: int
    room: str
    label: str
    state: str  # available, occupied, reserved, out_of_service
    counts: bool
    why: str  # translated
    placement_id: int | None = None
    case_id: int | None = None
    case_number: str = ""
    child: str = ""  # masked per role
    id_number: str = ""  # masked per role
    since: datetime | None = None
    reserved_for: str = ""  # case number


@dataclass(frozen=True)
class BedGrid:
    institution: InstitutionRow
    rooms: list[tuple[int, str]]
    beds: list[BedTile]
    as_of: datetime | None


def _count(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0).cast(Integer)


def _past(as_of: datetime | None) -> datetime | None:
    return as_of if as_of is not None and as_of < utcnow() else None


def institution_rows(
    session: Session,
    actor: Actor,
    district_code: str | None,
    as_of: datetime | None = None,
    institution_id: int | None = None,
) -> list[InstitutionRow]:
    """A district's institutions (None: the city-level ones) with their bed figures."""
    actor.require_district(district_code)
    as_of = _past(as_of)
    occ = occupied_at(as_of)
    occupied = occ.c.bed_id.is_not(None)
    status: ColumnElement[str] | InstrumentedAttribute[str]
    zone: ColumnElement[bool] | InstrumentedAttribute[bool]
    staff: ColumnElement[bool] | InstrumentedAttribute[bool]
    then = InventoryAt.at(as_of) if as_of is not None else None
    if then is None:
        status = Bed.status
        listed = and_(Bed.id.is_not(None), or_(Bed.status != RETIRED, occupied))
        reserved = and_(Bed.reserved_for_case_id.is_not(None), ~occupied)
        zone, staff = Institution.independent_zone, Institution.dedicated_staff
    else:  # the inventory as it stood then (inventory_history)
        status = then.status()
        listed = and_(Bed.id.is_not(None), or_(then.in_inventory(), occupied))
        reserved = false()
        zone, staff = then.facts()
    stmt = (
        select(
            Institution,
            _count(listed),
            _count(and_(listed, occupied)),
            _count(reserved),
            _count(and_(listed, status == OUT_OF_SERVICE, ~occupied)),
            zone,
            staff,
        )
        .outerjoin(Room, Room.institution_id == Institution.id)
        .outerjoin(Bed, Bed.room_id == Room.id)
        .outerjoin(occ, occ.c.bed_id == Bed.id)
        .where(
            Institution.district_code.is_(None)
            if district_code is None
            else Institution.district_code == district_code
        )
        .group_by(Institution.id)
        .order_by(case(LEVEL_ORDER, value=Institution.level, else_=3), Institution.id)
    )
    if then is not None:
        fc = then.fact_changes.c
        stmt = then.join(stmt).group_by(fc.old_independent_zone, fc.old_dedicated_staff)
    if institution_id is not None:
        stmt = stmt.where(Institution.id == institution_id)
    elif then is not None:  # an institution added since is not on the list then
        stmt = stmt.where(then.institution_existed())
    rows = []
    for inst, beds, occ_n, res_n, oos_n, zone_then, staff_then in session.execute(stmt):
        verdict = institution_verdict(inst.level, inst.setting_type, zone_then, staff_then)
        rows.append(
            InstitutionRow(
                inst.id,
                inst.name,
                inst.level,
                inst.setting_type,
                inst.district_code,
                zone_then,
                staff_then,
                verdict.counts,
                gettext(verdict.why),
                beds,
                occ_n,
                res_n,
                oos_n,
            )
        )
    return rows


def bed_grid(
    session: Session, actor: Actor, institution_id: int, as_of: datetime | None = None
) -> BedGrid:
    """Every bed of an institution with who is in it (at `as_of`, default now). Audited:
    it shows children."""
    inst = session.get(Institution, institution_id)
    if inst is None:
        raise missing(actor, gettext("No such institution."))
    as_of = _past(as_of)
    [row] = institution_rows(session, actor, inst.district_code, as_of, institution_id)
    occ = occupied_at(as_of)
    then = InventoryAt.at(as_of) if as_of is not None else None
    status = Bed.status if then is None else then.status()
    there = Bed.status != RETIRED if then is None else then.in_inventory()
    reserved_case = aliased(Case)
    stmt = (
        select(
            Bed,
            status,
            Room.name,
            Placement.id,
            Placement.case_id,
            Placement.admitted_at,
            Case.case_number,
            Child.name,
            Child.id_number,
            reserved_case.case_number,
        )
        .join(Room, Room.id == Bed.room_id)
        .outerjoin(occ, occ.c.bed_id == Bed.id)
        .outerjoin(Placement, Placement.id == occ.c.placement_id)
        .outerjoin(Case, Case.id == Placement.case_id)
        .outerjoin(Child, Child.id == Placement.child_id)
        .outerjoin(reserved_case, reserved_case.id == Bed.reserved_for_case_id)
        .where(Room.institution_id == institution_id)
        .where(or_(there, occ.c.bed_id.is_not(None)))
        .order_by(Room.name, Room.id, Bed.label, Bed.id)
    )
    if then is not None:
        stmt = then.join(stmt, facts=False)  # the institution's facts then are in `row`
    tiles: list[BedTile] = []
    for found in session.execute(stmt):
        bed, bed_status, room, pid, case_id, since, number, name, id_number, held_for = found
        verdict = bed_verdict(
            inst.level,
            inst.setting_type,
            row.independent_zone,  # the facts at as_of
            row.dedicated_staff,
            IN_SERVICE if pid is not None else bed_status,
        )
        reserved_for = held_for if as_of is None else None
        if pid is not None:
            state = "occupied"
        elif bed_status != IN_SERVICE:
            state = "out_of_service"
        else:
            state = "reserved" if reserved_for else "available"
        tiles.append(
            BedTile(
                bed.id,
                bed.room_id,
                room,
                bed.label,
                state,
                verdict.counts,
                gettext(verdict.why),
                pid,
                case_id,
                number or "",
                child_name_for(name, actor) if name else "",
                mask_id_number(id_number, actor),
                since,
                reserved_for or "",
            )
        )
    rooms = [
        (rid, name)
        for rid, name in session.execute(
            select(Room.id, Room.name)
            .where(Room.institution_id == institution_id)
            .order_by(Room.name, Room.id)
        )
    ]
    record_read(
        session,
        actor,
        "beds.grid",
        entity_type="institution",
        entity_id=institution_id,
        district_code=inst.district_code,
        as_of=as_of,
        occupants=sum(t.placement_id is not None for t in tiles),
    )
    return BedGrid(row, rooms, tiles, as_of)
