"""Admitting a child to a care bed, moving it between beds, discharging it.

Every write here runs as one transaction that first takes the write lock (SQLite: BEGIN
IMMEDIATE) and row locks (PostgreSQL: the case, then the beds, FOR UPDATE), re-reads what
it decides on, and relies on the partial unique indexes on open placements as the last
word: two workstations acting on one bed at one moment get one success and one refusal
that names the rule, never two children in a bed or a child in no bed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import N_, _, gettext
from caseworker.models import Bed, Case, Institution, Placement, Room, utcnow
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.beds.access import (
    PlacementRefused,
    lock_beds,
    lock_case,
    missing,
    open_placement_of_bed,
    open_placement_of_child,
    require_placement_role,
    writing,
)
from caseworker.services.beds.rules import IN_SERVICE, OUT_OF_SERVICE
from caseworker.services.errors import ValidationError
from caseworker.services.reference.labels import stage_label

ADMITTING_STAGES = frozenset({"emergency", "temporary_guardianship"})
TRANSFER = "transfer"  # discharge_reason of the stay a transfer ends
DISCHARGE_REASONS: dict[str, str] = {
    "returned_to_guardian": N_("Returned to the guardian"),
    "kinship_or_foster_care": N_("Kinship care or foster family"),
    "court_designated_guardian": N_("Guardian designated by the court"),
    "long_term_care": N_("Long-term care in a child welfare institution"),
    "referred_to_hukou_place": N_("Referred to the place of household registration"),
    "reached_adulthood": N_("Reached adulthood"),
    "hospital": N_("Admitted to hospital"),
    "other": N_("Other (explain in the note)"),
}


def _check_bed_takes(session: Session, bed: Bed, case: Case) -> None:
    """The bed-side rules of an admission or transfer, in the order a person checks them."""
    if bed.status == OUT_OF_SERVICE:
        raise PlacementRefused("bed_out_of_service", _("This bed is out of service."))
    if bed.status != IN_SERVICE:
        raise PlacementRefused("bed_removed", _("This bed has been removed."))
    if open_placement_of_bed(session, bed.id) is not None:
        raise PlacementRefused("bed_occupied", _("This bed is already occupied."))
    if bed.reserved_for_case_id not in (None, case.id):
        number = session.scalar(select(Case.case_number).where(Case.id == bed.reserved_for_case_id))
        raise PlacementRefused(
            "bed_reserved", _("This bed is reserved for case {number}.").format(number=number)
        )


def _where(session: Session, bed_id: int) -> str:
    row = session.execute(
        select(Institution.name, Room.name, Bed.label)
        .join(Room, Room.institution_id == Institution.id)
        .join(Bed, Bed.room_id == Room.id)
        .where(Bed.id == bed_id)
    ).one()
    return " ".join(row)


def admit(session: Session, actor: Actor, bed_id: int, case_id: int) -> Placement:
    """Admit the child of a case in emergency response or temporary guardianship."""
    with writing(session):
        case = lock_case(session, actor, case_id)
        require_placement_role(actor, case.district_code)
        bed, inst = lock_beds(session, actor, [bed_id])[bed_id]
        require_placement_role(actor, inst.district_code)
        _check_bed_takes(session, bed, case)
        if case.stage not in ADMITTING_STAGES:
            raise PlacementRefused(
                "case_stage",
                _(
                    "Only a child whose case is in emergency response or temporary "
                    "guardianship can be admitted; this case is at the stage {stage}."
                ).format(stage=stage_label(case.stage)),
            )
        current = open_placement_of_child(session, case.child_id)
        if current is not None:
            raise PlacementRefused(
                "child_placed",
                _("This child is already in a bed ({place}).").format(
                    place=_where(session, current.bed_id)
                ),
            )
        if bed.reserved_for_case_id == case.id:
            bed.reserved_for_case_id = None
        placement = Placement(
            bed_id=bed.id,
            case_id=case.id,
            child_id=case.child_id,
            admitted_at=utcnow(),
            admitted_by=actor.user_id,
        )
        session.add(placement)
        session.flush()
        audit.record(
            session,
            actor,
            "placement.admit",
            entity_type="placement",
            entity_id=placement.id,
            district_code=case.district_code,
            case_id=case.id,
            bed_id=bed.id,
            institution_id=inst.id,
        )
    return placement


def _lock_open_stay(session: Session, actor: Actor, placement_id: int) -> tuple[Case, Placement]:
    first = session.get(Placement, placement_id)
    if first is None:
        raise missing(actor, _("No such stay."))
    case = lock_case(session, actor, first.case_id)
    require_placement_role(actor, case.district_code)
    return case, first


def _ended(placement: Placement) -> None:
    if placement.discharged_at is not None:
        raise PlacementRefused(
            "placement_ended", _("This stay has already ended; refresh the board.")
        )


def transfer(session: Session, actor: Actor, placement_id: int, to_bed_id: int) -> Placement:
    """Move a placed child to another bed (any institution): one stay ends, the next opens
    at the same instant, in one transaction: the child is never in no bed or in two."""
    with writing(session):
        case, first = _lock_open_stay(session, actor, placement_id)
        beds = lock_beds(session, actor, [first.bed_id, to_bed_id])
        session.refresh(first)
        _ended(first)
        _from_bed, from_inst = beds[first.bed_id]
        to_bed, to_inst = beds[to_bed_id]
        require_placement_role(actor, from_inst.district_code)
        require_placement_role(actor, to_inst.district_code)
        if to_bed_id == first.bed_id:
            raise PlacementRefused("same_bed", _("The child is already in this bed."))
        _check_bed_takes(session, to_bed, case)
        now = utcnow()
        first.discharged_at, first.discharged_by = now, actor.user_id
        first.discharge_reason = TRANSFER
        session.flush()  # the child's open stay ends before the next one opens
        if to_bed.reserved_for_case_id == case.id:
            to_bed.reserved_for_case_id = None
        moved = Placement(
            bed_id=to_bed.id,
            case_id=case.id,
            child_id=first.child_id,
            admitted_at=now,
            admitted_by=actor.user_id,
        )
        session.add(moved)
        session.flush()
        audit.record(
            session,
            actor,
            "placement.transfer",
            entity_type="placement",
            entity_id=moved.id,
            district_code=case.district_code,
            case_id=case.id,
            from_placement_id=first.id,
            from_bed_id=first.bed_id,
            to_bed_id=to_bed.id,
            from_institution_id=from_inst.id,
            to_institution_id=to_inst.id,
        )
    return moved


def discharge(
    session: Session, actor: Actor, placement_id: int, reason: str, note: str = ""
) -> Placement:
    """End a child's stay, with a reason recorded against the case."""
    note = note.strip()
    if reason not in DISCHARGE_REASONS:
        raise ValidationError(_("Choose the reason for the discharge."), field="reason")
    if reason == "other" and not note:
        raise ValidationError(_("Explain the reason in the note."), field="note")
    with writing(session):
        case, stay = _lock_open_stay(session, actor, placement_id)
        _bed, inst = lock_beds(session, actor, [stay.bed_id])[stay.bed_id]
        session.refresh(stay)
        _ended(stay)
        require_placement_role(actor, inst.district_code)
        stay.discharged_at, stay.discharged_by = utcnow(), actor.user_id
        stay.discharge_reason = (f"{reason}: {note}" if note else reason)[:200]
        audit.record(
            session,
            actor,
            "placement.discharge",
            entity_type="placement",
            entity_id=stay.id,
            district_code=case.district_code,
            case_id=case.id,
            bed_id=stay.bed_id,
            reason=reason,
            note=note,
        )
    return stay


def discharge_reason_label(stored: str | None) -> str:
    """The stored reason (a code, or 'code: note') as a person reads it."""
    if not stored:
        return ""
    code, _sep, note = stored.partition(": ")
    if code == TRANSFER:
        return _("Transferred to another bed")
    if code in DISCHARGE_REASONS:
        label = gettext(DISCHARGE_REASONS[code])
        return f"{label}: {note}" if note else label
    return stored
