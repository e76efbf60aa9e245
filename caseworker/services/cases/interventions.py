"""Interventions on guardians — 训诫, 告诫书, 家庭教育指导令, 督促监护令 (SH2022-4 §三(四)) —
and the follow-up of whether the guardian complies, each check naming the next one's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.models import (
    ComplianceCheck,
    FamilyMember,
    GuardianIntervention,
    local_today,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, not_visible, require_case_worker
from caseworker.services.court.labels import (
    COMPLIANCE_RESULTS,
    INTERVENTION_KINDS,
    ISSUERS_ALLOWED,
    ISSUING_BODIES,
)
from caseworker.services.errors import check_fields

SOON = timedelta(days=7)


@dataclass(frozen=True)
class InterventionView:
    intervention: GuardianIntervention
    member_name: str
    checks: tuple[ComplianceCheck, ...]
    next_check_on: date | None
    due: str  # overdue / due_soon / "" (later or finished)


def add_intervention(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    member_id: int | None,
    kind: str,
    issuing_body: str,
    issuer: str,
    issued_on: date,
    requirements: str = "",
    document_number: str = "",
    first_check_on: date | None = None,
) -> GuardianIntervention:
    require_case_worker(actor)
    case = load_case(session, actor, case_id)
    errors: dict[str, str] = {}
    member = session.get(FamilyMember, member_id) if member_id else None
    if member is None or member.child_id != case.child_id:
        errors["member_id"] = _("Choose the guardian concerned.")
    if kind not in INTERVENTION_KINDS:
        errors["kind"] = _("Choose the kind of intervention.")
    elif issuing_body not in ISSUERS_ALLOWED[kind]:
        allowed = "、".join(gettext(ISSUING_BODIES[b]) for b in sorted(ISSUERS_ALLOWED[kind]))
        errors["issuing_body"] = _("This intervention is issued by: {bodies}.").format(
            bodies=allowed
        )
    if not issuer.strip():
        errors["issuer"] = _("Name the issuing police station, court or procuratorate.")
    if issued_on > local_today():
        errors["issued_on"] = _("The date cannot be in the future.")
    if first_check_on is not None and first_check_on < issued_on:
        errors["first_check_on"] = _("Compliance is checked after the intervention is issued.")
    check_fields(errors)
    row = GuardianIntervention(
        case_id=case.id,
        member_id=member_id,
        kind=kind,
        issuing_body=issuing_body,
        issuer=issuer.strip(),
        issued_on=issued_on,
        requirements=requirements.strip(),
        document_number=document_number.strip(),
        first_check_on=first_check_on,
        recorded_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "court.intervention",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        intervention=row.id,
        kind=kind,
    )
    session.commit()
    return row


def record_compliance_check(
    session: Session,
    actor: Actor,
    intervention_id: int,
    *,
    checked_on: date,
    result: str,
    note: str = "",
    next_check_on: date | None = None,
) -> ComplianceCheck:
    require_case_worker(actor)
    row = session.get(GuardianIntervention, intervention_id)
    if row is None:
        raise not_visible()
    case = load_case(session, actor, row.case_id)
    errors: dict[str, str] = {}
    if not row.issued_on <= checked_on <= local_today():
        errors["checked_on"] = _("The check's date must be between the intervention and today.")
    if result not in COMPLIANCE_RESULTS:
        errors["result"] = _("Choose whether the guardian complies.")
    elif result != "complied" and not note.strip():
        errors["note"] = _("Write what the guardian has not done.")
    if next_check_on is not None and next_check_on <= checked_on:
        errors["next_check_on"] = _("The next check comes after this one.")
    check_fields(errors)
    check = ComplianceCheck(
        intervention_id=row.id,
        checked_on=checked_on,
        result=result,
        note=note.strip(),
        next_check_on=next_check_on,
        recorded_by=actor.user_id,
    )
    session.add(check)
    session.flush()
    audit.record(
        session,
        actor,
        "court.compliance_check",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        intervention=row.id,
        result=result,
    )
    session.commit()
    return check


def checks_of(session: Session, intervention_ids: list[int]) -> dict[int, list[ComplianceCheck]]:
    out: dict[int, list[ComplianceCheck]] = {i: [] for i in intervention_ids}
    for c in session.scalars(
        select(ComplianceCheck)
        .where(ComplianceCheck.intervention_id.in_(intervention_ids))
        .order_by(ComplianceCheck.checked_on, ComplianceCheck.id)
    ):
        out[c.intervention_id].append(c)
    return out


def next_check(row: GuardianIntervention, checks: list[ComplianceCheck]) -> date | None:
    """The latest check names the next; with none yet, the first planned one is due."""
    return checks[-1].next_check_on if checks else row.first_check_on


def due_state(next_on: date | None, today: date) -> str:
    if next_on is None:
        return ""
    if next_on < today:
        return "overdue"
    return "due_soon" if next_on <= today + SOON else ""


def interventions_of(
    session: Session, actor: Actor, case_id: int, today: date
) -> list[InterventionView]:
    case = load_case(session, actor, case_id)
    rows = list(
        session.scalars(
            select(GuardianIntervention)
            .where(GuardianIntervention.case_id == case.id)
            .order_by(GuardianIntervention.issued_on.desc(), GuardianIntervention.id.desc())
        )
    )
    checks = checks_of(session, [r.id for r in rows])
    names = dict(
        session.execute(
            select(FamilyMember.id, FamilyMember.name).where(FamilyMember.child_id == case.child_id)
        ).all()
    )
    views = []
    for r in rows:
        nxt = next_check(r, checks[r.id])
        views.append(
            InterventionView(
                r, names.get(r.member_id, ""), tuple(checks[r.id]), nxt, due_state(nxt, today)
            )
        )
    return views
