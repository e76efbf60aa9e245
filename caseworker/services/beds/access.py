"""Who may do what with beds, the row locks every bed write takes, and refusals by rule.

Locking order, to keep PostgreSQL free of deadlocks: the case row first, then beds by
ascending id. On SQLite `begin_write` has already taken the database write lock (BEGIN
IMMEDIATE) and FOR UPDATE compiles to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Bed, Case, Institution, Placement, Role, Room
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied, NotFound, ValidationError
from caseworker.services.tx import begin_write

# Case roles that may admit, transfer and discharge in their district (city: anywhere).
PLACEMENT_ROLES = frozenset({Role.STAFF, Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})
# Roles that keep the inventory: institutions, rooms, beds, bed status.
INVENTORY_ROLES = frozenset({Role.MANAGER, Role.CITY})
# Roles that see a placed child's name whole; institution staff see 王*涵 on the board.
FULL_NAME_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})


class PlacementRefused(ValidationError):
    """A refused bed action; `rule` names the rule (bed_occupied, child_placed, …)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message, field=rule)
        self.rule = rule


def record_read(session: Session, actor: Actor, action: str, **fields: Any) -> None:
    """Audit what was shown, in a write transaction of its own: on SQLite a read
    transaction cannot turn into a write once another workstation has written."""
    begin_write(session)
    audit.record(session, actor, action, **fields)
    session.commit()


def require_placement_role(actor: Actor, district_code: str | None) -> None:
    actor.require_district(district_code)
    if actor.role not in PLACEMENT_ROLES:
        raise AccessDenied(_("Your role does not allow admitting or discharging children."))


def require_inventory_role(actor: Actor, district_code: str | None) -> None:
    actor.require_district(district_code)
    if actor.role not in INVENTORY_ROLES:
        raise AccessDenied(_("Only a manager may change institutions, rooms and beds."))


def mask_name(name: str) -> str:
    """王子涵 → 王*涵, 王涵 → 王*: the surname and the last character stay readable."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def child_name_for(name: str, actor: Actor) -> str:
    return name if actor.role in FULL_NAME_ROLES else mask_name(name)


def missing(actor: Actor, message: str) -> NotFound | AccessDenied:
    """For a district user a missing record looks like a foreign one: no probing by id."""
    if actor.sees_all_districts:
        return NotFound(message)
    return AccessDenied(_("This record is outside the districts you may access."))


def lock_case(session: Session, actor: Actor, case_id: int) -> Case:
    found = session.scalars(
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise missing(actor, _("No such case."))
    return found


def lock_beds(
    session: Session, actor: Actor, bed_ids: Iterable[int]
) -> dict[int, tuple[Bed, Institution]]:
    """Beds with their institutions, locked in ascending id order."""
    ids = sorted(set(bed_ids))
    rows = session.execute(
        select(Bed, Institution)
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
        .where(Bed.id.in_(ids))
        .order_by(Bed.id)
        .with_for_update(of=Bed)
        .execution_options(populate_existing=True)
    ).all()
    found = {bed.id: (bed, inst) for bed, inst in rows}
    if len(found) != len(ids):
        raise missing(actor, _("No such bed."))
    return found


def open_placement_of_bed(session: Session, bed_id: int) -> Placement | None:
    return session.scalars(
        select(Placement)
        .where(Placement.bed_id == bed_id, Placement.discharged_at.is_(None))
        .execution_options(populate_existing=True)
    ).first()


def open_placement_of_child(session: Session, child_id: int) -> Placement | None:
    return session.scalars(
        select(Placement)
        .where(Placement.child_id == child_id, Placement.discharged_at.is_(None))
        .execution_options(populate_existing=True)
    ).first()


@contextmanager
def writing(session: Session) -> Iterator[None]:
    """One locked write transaction; a unique-index violation becomes a refusal."""
    begin_write(session)
    try:
        yield
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        text = str(exc.orig)
        if "uq_placements_open_bed" in text or "placements.bed_id" in text:
            raise PlacementRefused("bed_occupied", _("This bed is already occupied.")) from None
        if "uq_placements_open_child" in text or "placements.child_id" in text:
            raise PlacementRefused("child_placed", _("This child is already in a bed.")) from None
        raise
    except BaseException:
        session.rollback()
        raise
