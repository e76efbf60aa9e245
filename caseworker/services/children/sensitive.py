"""Sensitive records: HIV status, abuse details, psychiatric and medical records.

Only roles that need them for the child's care may read or write them (social workers,
managers, city staff); institution staff see that such records exist, not what they say.
Every read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import N_, _
from caseworker.models import Role, SensitiveRecord, User
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case
from caseworker.services.errors import AccessDenied, check_fields

KINDS: dict[str, str] = {
    "hiv_status": N_("HIV status"),
    "abuse_details": N_("Details of abuse"),
    "psychiatric": N_("Psychiatric record"),
    "medical": N_("Medical record"),
}
READERS = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})


@dataclass(frozen=True)
class SensitiveEntry:
    id: int
    kind: str
    text: str  # empty for roles that may not read it
    recorded_by: str
    recorded_at: datetime


def may_read(actor: Actor) -> bool:
    return actor.role in READERS


def add_sensitive(
    session: Session, actor: Actor, case_id: int, kind: str, text: str
) -> SensitiveRecord:
    if not may_read(actor):
        raise AccessDenied(_("Your role may not record or read sensitive health and harm details."))
    errors = {}
    if kind not in KINDS:
        errors["kind"] = _("Choose what kind of record this is.")
    if not text.strip():
        errors["text"] = _("Write the record.")
    check_fields(errors)
    case = load_case(session, actor, case_id)
    row = SensitiveRecord(case_id=case.id, kind=kind, text=text.strip(), recorded_by=actor.user_id)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "sensitive.add",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        kind=kind,
    )
    session.commit()
    return row


def sensitive_records(session: Session, actor: Actor, case_id: int) -> list[SensitiveEntry]:
    """The case's sensitive records; their text only for roles that may read it."""
    case = load_case(session, actor, case_id)
    rows = session.execute(
        select(SensitiveRecord, User.display_name)
        .join(User, User.id == SensitiveRecord.recorded_by)
        .where(SensitiveRecord.case_id == case.id)
        .order_by(SensitiveRecord.id)
    ).all()
    readable = may_read(actor)
    if readable and rows:
        audit.record(
            session,
            actor,
            "sensitive.read",
            entity_type="case",
            entity_id=case.id,
            district_code=case.district_code,
            records=len(rows),
        )
        session.commit()
    return [
        SensitiveEntry(r.id, r.kind, r.text if readable else "", who, r.recorded_at)
        for r, who in rows
    ]


def kind_label(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


__all__ = [
    "KINDS",
    "SensitiveEntry",
    "add_sensitive",
    "kind_label",
    "may_read",
    "sensitive_records",
]
