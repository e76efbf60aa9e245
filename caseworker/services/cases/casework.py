"""Recording the work on a case: emergency actions, investigation, support plan, notes,
risk level and owner. Each is one transaction with its audit row; nothing is overwritten."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Attachment,
    CaseEvent,
    EmergencyAction,
    Investigation,
    Note,
    Role,
    SupportItem,
    SupportUpdate,
    User,
    utcnow,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, require_case_worker, require_manager
from caseworker.services.errors import NotFound, ValidationError, check_fields
from caseworker.services.reference.labels import (
    EMERGENCY_ACTIONS,
    RISK_LEVELS,
    SUPPORT_SERVICES,
    SUPPORT_STATUSES,
)

MAX_ATTACHMENT = 20 * 1024 * 1024


def record_emergency_action(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    action_code: str,
    acted_by: str,
    acted_at: datetime,
    child_whereabouts: str,
    note: str = "",
) -> EmergencyAction:
    require_case_worker(actor)
    errors = {}
    if action_code not in EMERGENCY_ACTIONS:
        errors["action_code"] = _("Choose the action taken.")
    if not acted_by.strip():
        errors["acted_by"] = _("Say who acted (person and unit).")
    if not child_whereabouts.strip():
        errors["child_whereabouts"] = _("Say where the child is now.")
    if acted_at > utcnow():
        errors["acted_at"] = _("The time cannot be in the future.")
    check_fields(errors)
    case = load_case(session, actor, case_id)
    row = EmergencyAction(
        case_id=case.id,
        action_code=action_code,
        acted_by=acted_by.strip(),
        acted_at=acted_at,
        child_whereabouts=child_whereabouts.strip(),
        note=note.strip(),
        recorded_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "case.emergency_action",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        action_code=action_code,
    )
    session.commit()
    return row


def record_investigation(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    safety: str,
    guardianship: str,
    physical_health: str,
    mental_health: str,
) -> Investigation:
    """A new version of the investigation record; earlier versions stay on the timeline."""
    require_case_worker(actor)
    texts = {
        "safety": safety,
        "guardianship": guardianship,
        "physical_health": physical_health,
        "mental_health": mental_health,
    }
    if not any(t.strip() for t in texts.values()):
        raise ValidationError(_("Fill in at least one part of the investigation."), field="safety")
    case = load_case(session, actor, case_id)
    row = Investigation(
        case_id=case.id, recorded_by=actor.user_id, **{k: v.strip() for k, v in texts.items()}
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "case.investigation",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
    )
    session.commit()
    return row


def add_support_item(
    session: Session, actor: Actor, case_id: int, *, service_code: str, provider: str, due_on: date
) -> SupportItem:
    require_case_worker(actor)
    errors = {}
    if service_code not in SUPPORT_SERVICES:
        errors["service_code"] = _("Choose the service.")
    if not provider.strip():
        errors["provider"] = _("Name who provides the service.")
    check_fields(errors)
    case = load_case(session, actor, case_id)
    if case.stage == "closed":
        raise ValidationError(_("The case is closed; reopen it to plan more support."))
    item = SupportItem(
        case_id=case.id,
        service_code=service_code,
        provider=provider.strip(),
        due_on=due_on,
        created_by=actor.user_id,
    )
    session.add(item)
    session.flush()
    session.add(SupportUpdate(item_id=item.id, status="planned", updated_by=actor.user_id))
    audit.record(
        session,
        actor,
        "case.support_item",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        service=service_code,
        item=item.id,
    )
    session.commit()
    return item


def update_support_item(
    session: Session, actor: Actor, item_id: int, *, status: str, outcome: str = ""
) -> SupportItem:
    require_case_worker(actor)
    if status not in SUPPORT_STATUSES:
        raise ValidationError(_("Choose a status."), field="status")
    item = session.get(SupportItem, item_id)
    if item is None:
        raise NotFound(_("No such support item."))
    case = load_case(session, actor, item.case_id)
    if status == "done" and not outcome.strip():
        raise ValidationError(_("Record the outcome of a finished service."), field="outcome")
    item.status = status
    item.outcome = outcome.strip()
    session.add(
        SupportUpdate(
            item_id=item.id, status=status, outcome=outcome.strip(), updated_by=actor.user_id
        )
    )
    audit.record(
        session,
        actor,
        "case.support_update",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        item=item.id,
        status=status,
    )
    session.commit()
    return item


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def add_note(
    session: Session,
    actor: Actor,
    case_id: int,
    text: str,
    attachments: tuple[NewAttachment, ...] = (),
) -> Note:
    require_case_worker(actor)
    if not text.strip() and not attachments:
        raise ValidationError(_("Write the note or attach a file."), field="text")
    for a in attachments:
        if len(a.data) > MAX_ATTACHMENT:
            raise ValidationError(
                _("{name} is larger than 20 MB.").format(name=a.filename), field="attachments"
            )
    case = load_case(session, actor, case_id)
    note = Note(case_id=case.id, text=text.strip(), author_id=actor.user_id)
    session.add(note)
    session.flush()
    for a in attachments:
        session.add(
            Attachment(
                note_id=note.id,
                filename=a.filename,
                content_type=a.content_type,
                size=len(a.data),
                sha256=hashlib.sha256(a.data).hexdigest(),
                data=a.data,
            )
        )
    audit.record(
        session,
        actor,
        "case.note",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        note=note.id,
        attachments=len(attachments),
    )
    session.commit()
    return note


def read_attachment(
    session: Session, actor: Actor, attachment_id: int, **detail: Any
) -> Attachment:
    """The file as stored; its hash is checked so a damaged copy is never handed out.
    `detail` goes into the audit row (e.g. where a copy was saved, whether protected)."""
    att = session.get(Attachment, attachment_id)
    note = session.get(Note, att.note_id) if att else None
    if att is None or note is None:
        raise NotFound(_("No such attachment."))
    case = load_case(session, actor, note.case_id)
    if hashlib.sha256(att.data).hexdigest() != att.sha256:
        raise ValidationError(
            _("The stored file {name} is damaged (its checksum does not match).").format(
                name=att.filename
            )
        )
    audit.record(
        session,
        actor,
        "case.attachment_read",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        attachment=att.id,
        **detail,
    )
    session.commit()
    return att


def set_risk(session: Session, actor: Actor, case_id: int, level: str, reason: str) -> None:
    require_case_worker(actor)
    errors = {}
    if level not in RISK_LEVELS:
        errors["level"] = _("Choose a risk level.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the risk level.")
    check_fields(errors)
    case = load_case(session, actor, case_id)
    if case.risk_level == level:
        raise ValidationError(_("The case already has this risk level."), field="level")
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="risk",
            value=level,
            actor_id=actor.user_id,
            occurred_at=utcnow(),
            reason=reason.strip(),
            from_stage=case.risk_level,
        )
    )
    case.risk_level = level
    audit.record(
        session,
        actor,
        "case.risk",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        level=level,
    )
    session.commit()


def reassign(session: Session, actor: Actor, case_id: int, owner_id: int, reason: str = "") -> None:
    """A manager gives the case to another worker of its district."""
    case = load_case(session, actor, case_id)
    require_manager(actor, case.district_code)
    owner = session.get(User, owner_id)
    if (
        owner is None
        or not owner.active
        or owner.district_code != case.district_code
        or owner.role not in (Role.SOCIAL_WORKER, Role.MANAGER)
    ):
        raise ValidationError(
            _("Choose a social worker or manager of the case's district."), field="owner"
        )
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="owner",
            value=str(owner_id),
            actor_id=actor.user_id,
            occurred_at=utcnow(),
            reason=reason.strip(),
        )
    )
    case.owner_id = owner_id
    audit.record(
        session,
        actor,
        "case.reassign",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        owner=owner_id,
    )
    session.commit()


def district_workers(session: Session, actor: Actor, district_code: str) -> list[tuple[int, str]]:
    actor.require_district(district_code)
    return [
        (u.id, u.display_name)
        for u in session.scalars(
            select(User)
            .where(
                User.district_code == district_code,
                User.active.is_(True),
                User.role.in_((Role.SOCIAL_WORKER, Role.MANAGER)),
            )
            .order_by(User.display_name)
        )
    ]
