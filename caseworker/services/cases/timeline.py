"""Everything that happened on a case, on one timeline, with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Approval,
    Attachment,
    CapacityAssessment,
    CaseEvent,
    EmergencyAction,
    Investigation,
    Note,
    Placement,
    Report,
    SupportItem,
    SupportUpdate,
    Transfer,
    User,
)
from caseworker.policy.instrument import InstrumentError, load_instrument
from caseworker.security.actor import Actor
from caseworker.services.cases.access import load_case
from caseworker.services.reference.labels import (
    APPROVAL_STATUSES,
    EMERGENCY_ACTIONS,
    RISK_LEVELS,
    SUPPORT_SERVICES,
    SUPPORT_STATUSES,
    approval_subject,
    label,
    stage_label,
)


def _grade_label(a: CapacityAssessment) -> str:
    try:
        return load_instrument(a.instrument_code, a.instrument_version).grade(a.grade or "").label
    except (InstrumentError, StopIteration):
        return a.grade or ""


@dataclass(frozen=True)
class Entry:
    when: datetime
    kind: str
    title: str
    detail: str
    who: str
    attachments: tuple[tuple[int, str, str], ...] = ()  # (id, filename, sha256)


def timeline(session: Session, actor: Actor, case_id: int) -> list[Entry]:
    case = load_case(session, actor, case_id)
    names = dict(session.execute(select(User.id, User.display_name)).all())

    def who(user_id: int | None) -> str:
        return names.get(user_id, "") if user_id else ""

    def rows(model):  # type: ignore[no-untyped-def]
        return session.scalars(select(model).where(model.case_id == case.id))

    out: list[Entry] = []
    for e in rows(CaseEvent):
        if e.kind == "transition":
            title = (
                _("Case opened: {to}").format(to=stage_label(e.to_stage or ""))
                if e.from_stage is None
                else _("{frm} → {to}").format(
                    frm=stage_label(e.from_stage), to=stage_label(e.to_stage or "")
                )
            )
        elif e.kind == "risk":
            title = _("Risk level: {level}").format(level=label(RISK_LEVELS, e.value))
        elif e.kind == "owner":
            title = _("Case assigned to {name}").format(name=who(int(e.value or 0)))
        else:
            title = _("Case transferred to district {code}").format(code=e.value)
        out.append(Entry(e.occurred_at, e.kind, title, e.reason, who(e.actor_id)))
    for r in rows(Report):
        out.append(
            Entry(r.received_at, "report", _("Report received"), r.narrative, who(r.recorded_by))
        )
    for a in rows(EmergencyAction):
        out.append(
            Entry(
                a.acted_at,
                "emergency",
                label(EMERGENCY_ACTIONS, a.action_code),
                _("By {by}; child now: {where}").format(by=a.acted_by, where=a.child_whereabouts),
                who(a.recorded_by),
            )
        )
    for i in rows(Investigation):
        out.append(
            Entry(
                i.recorded_at,
                "investigation",
                _("Investigation record"),
                i.safety,
                who(i.recorded_by),
            )
        )
    for c in rows(CapacityAssessment):
        if c.finalised_at:
            out.append(
                Entry(
                    c.finalised_at,
                    "assessment",
                    _("Capacity assessment v{v} finished: {grade}").format(
                        v=c.version, grade=_grade_label(c)
                    ),
                    c.conclusion,
                    who(c.assessor_id),
                )
            )
        else:
            out.append(
                Entry(
                    c.created_at,
                    "assessment",
                    _("Capacity assessment v{v} started").format(v=c.version),
                    "",
                    who(c.assessor_id),
                )
            )
    items = {s.id: s for s in rows(SupportItem)}
    for u in session.scalars(select(SupportUpdate).where(SupportUpdate.item_id.in_(list(items)))):
        s = items[u.item_id]
        out.append(
            Entry(
                u.updated_at,
                "support",
                _("Support: {service} — {status}").format(
                    service=label(SUPPORT_SERVICES, s.service_code),
                    status=label(SUPPORT_STATUSES, u.status),
                ),
                u.outcome or s.provider,
                who(u.updated_by),
            )
        )
    for ap in rows(Approval):
        out.append(
            Entry(
                ap.requested_at,
                "approval",
                _("Approval requested: {what}").format(
                    what=approval_subject(ap.kind, ap.transition_code)
                ),
                "",
                who(ap.requested_by),
            )
        )
        if ap.decided_at and ap.status in ("approved", "rejected"):
            out.append(
                Entry(
                    ap.decided_at,
                    "approval",
                    label(APPROVAL_STATUSES, ap.status),
                    ap.comment,
                    who(ap.decided_by),
                )
            )
    for t in rows(Transfer):
        out.append(
            Entry(
                t.requested_at, "transfer", _("Transfer requested"), t.reason, who(t.requested_by)
            )
        )
    for p in rows(Placement):
        out.append(
            Entry(p.admitted_at, "placement", _("Admitted to a care bed"), "", who(p.admitted_by))
        )
        if p.discharged_at:
            out.append(
                Entry(
                    p.discharged_at,
                    "placement",
                    _("Discharged from the care bed"),
                    p.discharge_reason or "",
                    who(p.discharged_by),
                )
            )
    notes = list(rows(Note))
    files: dict[int, list[tuple[int, str, str]]] = {}
    # Names and hashes only: the files themselves stay in the database until opened.
    for att_id, note_id, filename, sha in session.execute(
        select(Attachment.id, Attachment.note_id, Attachment.filename, Attachment.sha256).where(
            Attachment.note_id.in_([n.id for n in notes])
        )
    ):
        files.setdefault(note_id, []).append((att_id, filename, sha))
    for n in notes:
        out.append(
            Entry(
                n.created_at,
                "note",
                _("Note"),
                n.text,
                who(n.author_id),
                tuple(files.get(n.id, ())),
            )
        )
    # Documents issued on the case (the register), and their voids. Imported here: this block
    # is the register's one addition to the timeline.
    from caseworker.models import IssuedDocument

    for doc in rows(IssuedDocument):
        title = _("Document issued: {title} {number}").format(
            title=doc.title, number=doc.number_text
        )
        out.append(Entry(doc.issued_at, "document", title, "", who(doc.issued_by)))
        if doc.voided_at:
            title = _("Document voided: {title} {number}").format(
                title=doc.title, number=doc.number_text
            )
            out.append(
                Entry(doc.voided_at, "document", title, doc.void_reason or "", who(doc.voided_by))
            )
    out.sort(key=lambda e: e.when)
    return out
