"""The bed inventory: institutions, rooms, beds, bed status and reservations.

Managers keep their district's inventory, city staff every institution (the city-level one
included). A bed with a child in it can be neither taken out of service nor deleted; a
bed with a history is retired rather than deleted, so past occupancy stays answerable.

Every change is kept as history (models/institution.py, `inventory_history`) so that a past
day is counted on the inventory of that day: beds and institutions carry `created_at`, bed
status changes (retirement included) and welfare-facility facts changes are rows with the
value before and after, who and when.
"""

from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import QueryableAttribute, Session

from caseworker.i18n import _
from caseworker.models import (
    Bed,
    BedStatusChange,
    Institution,
    InstitutionFactChange,
    Placement,
    Room,
    utcnow,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.beds.access import (
    PlacementRefused,
    lock_beds,
    lock_case,
    missing,
    open_placement_of_bed,
    require_inventory_role,
    require_placement_role,
    writing,
)
from caseworker.services.beds.placements import ADMITTING_STAGES
from caseworker.services.beds.rules import (
    IN_SERVICE,
    LEVEL_SETTINGS,
    OUT_OF_SERVICE,
    RETIRED,
    day_start,
    shanghai_today,
)
from caseworker.services.errors import ValidationError


def _name(value: str, field: str, column: QueryableAttribute[str]) -> str:
    """A trimmed, non-empty name that fits its column (PostgreSQL refuses a longer one)."""
    value = value.strip()
    if not value:
        raise ValidationError(_("Enter a name."), field=field)
    limit: int | None = getattr(column.type, "length", None)
    if limit is not None and len(value) > limit:
        raise ValidationError(_("Too long: at most {n} characters.").format(n=limit), field=field)
    return value


def add_institution(
    session: Session,
    actor: Actor,
    *,
    name: str,
    level: str,
    setting_type: str,
    district_code: str | None,
    independent_zone: bool = False,
    dedicated_staff: bool = False,
) -> Institution:
    if setting_type not in LEVEL_SETTINGS.get(level, ()):
        raise ValidationError(
            _("This kind of institution does not exist at this level."), field="setting_type"
        )
    if (level == "city") != (district_code is None):
        raise ValidationError(
            _("A city-level institution has no district; every other one has."), field="district"
        )
    require_inventory_role(actor, district_code)
    welfare = setting_type == "welfare_facility"
    with writing(session):
        inst = Institution(
            name=_name(name, "name", Institution.name),
            level=level,
            setting_type=setting_type,
            district_code=district_code,
            independent_zone=welfare and independent_zone,
            dedicated_staff=welfare and dedicated_staff,
            created_at=utcnow(),
        )
        session.add(inst)
        session.flush()
        audit.record(
            session,
            actor,
            "institution.add",
            entity_type="institution",
            entity_id=inst.id,
            district_code=district_code,
            name=inst.name,
            level=level,
            setting_type=setting_type,
        )
    return inst


def _institution(session: Session, actor: Actor, institution_id: int) -> Institution:
    inst = session.get(Institution, institution_id)
    if inst is None:
        raise missing(actor, _("No such institution."))
    return inst


def set_institution_facts(
    session: Session,
    actor: Actor,
    institution_id: int,
    *,
    independent_zone: bool,
    dedicated_staff: bool,
) -> Institution:
    """Record whether a welfare facility keeps an independent zone and dedicated staff,
    from now on: the days before keep the facts they had (an `InstitutionFactChange`)."""
    with writing(session):
        inst = session.scalars(
            select(Institution)
            .where(Institution.id == institution_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if inst is None:
            raise missing(actor, _("No such institution."))
        require_inventory_role(actor, inst.district_code)
        if inst.setting_type != "welfare_facility":
            raise ValidationError(_("Only a welfare facility has these facts."))
        before = (inst.independent_zone, inst.dedicated_staff)
        if before != (independent_zone, dedicated_staff):
            session.add(
                InstitutionFactChange(
                    institution_id=inst.id,
                    old_independent_zone=before[0],
                    old_dedicated_staff=before[1],
                    new_independent_zone=independent_zone,
                    new_dedicated_staff=dedicated_staff,
                    changed_at=utcnow(),
                    changed_by=actor.user_id,
                )
            )
        inst.independent_zone, inst.dedicated_staff = independent_zone, dedicated_staff
        audit.record(
            session,
            actor,
            "institution.facts",
            entity_type="institution",
            entity_id=inst.id,
            district_code=inst.district_code,
            before=list(before),
            after=[independent_zone, dedicated_staff],
        )
    return inst


def add_room(session: Session, actor: Actor, institution_id: int, name: str) -> Room:
    with writing(session):
        inst = _institution(session, actor, institution_id)
        require_inventory_role(actor, inst.district_code)
        room = Room(institution_id=inst.id, name=_name(name, "name", Room.name))
        session.add(room)
        session.flush()
        audit.record(
            session,
            actor,
            "room.add",
            entity_type="room",
            entity_id=room.id,
            district_code=inst.district_code,
            name=room.name,
        )
    return room


def add_bed(session: Session, actor: Actor, room_id: int, label: str) -> Bed:
    with writing(session):
        room = session.get(Room, room_id)
        if room is None:
            raise missing(actor, _("No such room."))
        inst = _institution(session, actor, room.institution_id)
        require_inventory_role(actor, inst.district_code)
        bed = Bed(
            room_id=room.id,
            label=_name(label, "label", Bed.label),
            status=IN_SERVICE,
            created_at=utcnow(),
        )
        session.add(bed)
        session.flush()
        audit.record(
            session,
            actor,
            "bed.add",
            entity_type="bed",
            entity_id=bed.id,
            district_code=inst.district_code,
            label=bed.label,
        )
    return bed


def _refuse_if_taken(session: Session, bed: Bed) -> None:
    if open_placement_of_bed(session, bed.id) is not None:
        raise PlacementRefused(
            "bed_occupied", _("A child is in this bed: discharge or transfer the child first.")
        )
    if bed.reserved_for_case_id is not None:
        raise PlacementRefused(
            "bed_reserved", _("This bed is reserved: cancel the reservation first.")
        )


def set_bed_in_service(session: Session, actor: Actor, bed_id: int, in_service: bool) -> Bed:
    with writing(session):
        bed, inst = lock_beds(session, actor, [bed_id])[bed_id]
        require_inventory_role(actor, inst.district_code)
        if bed.status == RETIRED:
            raise PlacementRefused("bed_removed", _("This bed has been removed."))
        if not in_service:
            _refuse_if_taken(session, bed)
        before = bed.status
        _change_status(session, actor, bed, IN_SERVICE if in_service else OUT_OF_SERVICE)
        audit.record(
            session,
            actor,
            "bed.status",
            entity_type="bed",
            entity_id=bed.id,
            district_code=inst.district_code,
            before=before,
            after=bed.status,
        )
    return bed


def _change_status(session: Session, actor: Actor, bed: Bed, status: str) -> None:
    """Set a bed's status, keeping the change (the status before it holds for the past)."""
    if bed.status == status:
        return
    session.add(
        BedStatusChange(
            bed_id=bed.id,
            old_status=bed.status,
            new_status=status,
            changed_at=utcnow(),
            changed_by=actor.user_id,
        )
    )
    bed.status = status


def _in_past_figures(session: Session, bed: Bed) -> bool:
    """Whether a past day's figures may include the bed: it held a child, or it was in
    the inventory before today began (an empty bed in service counts toward the 25)."""
    if bed.created_at is None or bed.created_at < day_start(shanghai_today(utcnow())):
        return True
    return bool(session.scalar(select(exists().where(Placement.bed_id == bed.id))))


def delete_bed(session: Session, actor: Actor, bed_id: int) -> bool:
    """Delete an empty bed. True if the row went (a bed added today by mistake); False if
    it was retired instead, because a past day's figures or stays include it (history is
    never rewritten): it leaves the inventory now and stays in the days it was there."""
    with writing(session):
        bed, inst = lock_beds(session, actor, [bed_id])[bed_id]
        require_inventory_role(actor, inst.district_code)
        _refuse_if_taken(session, bed)
        used = _in_past_figures(session, bed)
        if used:
            _change_status(session, actor, bed, RETIRED)
        else:
            session.execute(delete(BedStatusChange).where(BedStatusChange.bed_id == bed.id))
            session.delete(bed)
        audit.record(
            session,
            actor,
            "bed.delete",
            entity_type="bed",
            entity_id=bed_id,
            district_code=inst.district_code,
            retired=bool(used),
        )
    return not used


def reserve_bed(session: Session, actor: Actor, bed_id: int, case_id: int | None) -> Bed:
    """Hold an empty bed for a child about to arrive (None cancels). A case holds at most
    one bed: reserving another releases the first."""
    with writing(session):
        case = lock_case(session, actor, case_id) if case_id is not None else None
        bed, inst = lock_beds(session, actor, [bed_id])[bed_id]
        require_placement_role(actor, inst.district_code)
        if case is not None:
            require_placement_role(actor, case.district_code)
            if bed.status != IN_SERVICE:
                raise PlacementRefused("bed_out_of_service", _("This bed is out of service."))
            if open_placement_of_bed(session, bed.id) is not None:
                raise PlacementRefused("bed_occupied", _("This bed is already occupied."))
            if bed.reserved_for_case_id not in (None, case.id):
                raise PlacementRefused(
                    "bed_reserved", _("This bed is reserved: cancel the reservation first.")
                )
            if case.stage not in ADMITTING_STAGES:
                raise PlacementRefused(
                    "case_stage",
                    _("Only a case in emergency response or temporary guardianship holds a bed."),
                )
            for other in session.scalars(
                select(Bed).where(Bed.reserved_for_case_id == case.id, Bed.id != bed.id)
            ):
                other.reserved_for_case_id = None
        before = bed.reserved_for_case_id
        bed.reserved_for_case_id = case.id if case is not None else None
        audit.record(
            session,
            actor,
            "bed.reserve",
            entity_type="bed",
            entity_id=bed.id,
            district_code=inst.district_code,
            case_id=bed.reserved_for_case_id,
            before=before,
        )
    return bed
