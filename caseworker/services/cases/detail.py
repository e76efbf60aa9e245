"""One case as the case window shows it. Opening it is a view, and views are audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.models import (
    Approval,
    CapacityAssessment,
    Child,
    District,
    EmergencyAction,
    FamilyMember,
    Report,
    Role,
    SupportItem,
    TemporaryGuardianship,
    Transfer,
    User,
    local_today,
)
from caseworker.policy.dates import age_on
from caseworker.policy.engine import Finding
from caseworker.security.actor import Actor
from caseworker.security.masking import mask_id_number
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case
from caseworker.services.cases.flow import open_guardianship
from caseworker.services.children.facts import evaluate_child

# Who may read the reporter's identity (confidential: DOMAIN §6).
REPORTER_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})


@dataclass(frozen=True)
class CaseDetail:
    id: int
    case_number: str
    stage: str
    risk_level: str
    district_code: str
    district: str
    owner_id: int | None
    owner: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str | None
    child_id: int
    child_name: str
    gender: str
    id_number: str
    birth_date: date | None
    age: int | None
    hukou_type: str
    address: str
    school: str
    family: list[FamilyMember]
    reports: list[Report]
    emergency_actions: list[EmergencyAction]
    assessments: list[CapacityAssessment]
    # The manager's answer on each finished assessment: id → (status, comment).
    assessment_decisions: dict[int, tuple[str, str]]
    support_items: list[SupportItem]
    guardianship: TemporaryGuardianship | None
    transfers: list[Transfer]
    categories: tuple[Finding, ...]
    eligibility: tuple[Finding, ...]
    policy_warnings: tuple[str, ...]


def _all(session: Session, model, case_id: int) -> list:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(model).where(model.case_id == case_id).order_by(model.id)))


def case_detail(session: Session, actor: Actor, case_id: int) -> CaseDetail:
    case = load_case(session, actor, case_id)
    child = session.get(Child, case.child_id)
    assert child is not None
    today = local_today()
    owner = session.get(User, case.owner_id) if case.owner_id else None
    district = session.get(District, case.district_code)
    family = list(
        session.scalars(
            select(FamilyMember).where(FamilyMember.child_id == child.id).order_by(FamilyMember.id)
        )
    )
    reports = _all(session, Report, case.id)
    if actor.role not in REPORTER_ROLES:
        for r in reports:
            session.expunge(r)  # masked copies: never flushed back
            r.reporter_name = "***" if r.reporter_name else ""
            r.reporter_contact = "***" if r.reporter_contact else ""
    policy = evaluate_child(session, child, today, case.id)
    detail = CaseDetail(
        id=case.id,
        case_number=case.case_number,
        stage=case.stage,
        risk_level=case.risk_level,
        district_code=case.district_code,
        district=district.name if district else "",
        owner_id=case.owner_id,
        owner=owner.display_name if owner else "",
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        closure_reason=case.closure_reason,
        child_id=child.id,
        child_name=child.name,
        gender=child.gender,
        id_number=mask_id_number(child.id_number, actor),
        birth_date=child.birth_date,
        age=age_on(child.birth_date, today) if child.birth_date else None,
        hukou_type=child.hukou_type,
        address=child.address,
        school=child.school,
        family=family,
        reports=reports,
        emergency_actions=_all(session, EmergencyAction, case.id),
        assessments=_all(session, CapacityAssessment, case.id),
        assessment_decisions={
            a.subject_id: (a.status, a.comment)
            for a in session.scalars(
                select(Approval)
                .where(Approval.case_id == case.id, Approval.kind == "assessment")
                .order_by(Approval.id)
            )
            if a.subject_id is not None
        },
        support_items=_all(session, SupportItem, case.id),
        guardianship=open_guardianship(session, case.id),
        transfers=_all(session, Transfer, case.id),
        categories=policy.classification.categories if policy else (),
        eligibility=policy.eligibility.hints if policy else (),
        policy_warnings=policy.warnings if policy else (),
    )
    audit.record(
        session,
        actor,
        "case.view",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
    )
    session.commit()
    return detail
