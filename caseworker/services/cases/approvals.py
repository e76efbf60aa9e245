"""The manager's approval queue, and the answers requesters see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from caseworker.i18n import _
from caseworker.models import Approval, CapacityAssessment, Case, Child, Role, User, utcnow
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import require_manager
from caseworker.services.cases.flow import decide_transition
from caseworker.services.cases.transfers import decide_transfer_approval
from caseworker.services.errors import NotFound, ValidationError
from caseworker.services.tx import begin_write


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    case_id: int
    case_number: str
    child_name: str
    kind: str
    transition_code: str | None
    payload: dict[str, object]
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str
    comment: str


def _rows(session: Session, stmt) -> list[ApprovalRow]:  # type: ignore[no-untyped-def]
    requester, decider = aliased(User), aliased(User)
    stmt = (
        stmt.add_columns(Case.case_number, Child.name, requester.display_name, decider.display_name)
        .join(Case, Case.id == Approval.case_id)
        .join(Child, Child.id == Case.child_id)
        .join(requester, requester.id == Approval.requested_by)
        .outerjoin(decider, decider.id == Approval.decided_by)
        .order_by(Approval.requested_at)
    )
    return [
        ApprovalRow(
            a.id,
            a.case_id,
            number,
            child,
            a.kind,
            a.transition_code,
            dict(a.payload),
            a.status,
            req or "",
            a.requested_at,
            dec or "",
            a.comment,
        )
        for a, number, child, req, dec in session.execute(stmt)
    ]


def pending_for(session: Session, actor: Actor) -> list[ApprovalRow]:
    """What waits for this manager's decision (their districts; everything for the city)."""
    if actor.role not in (Role.MANAGER, Role.CITY):
        return []
    stmt = select(Approval).where(Approval.status == "pending")
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Approval.district_code.in_(sorted(visible)))
    return _rows(session, stmt)


def answers_for(session: Session, actor: Actor) -> list[ApprovalRow]:
    """Decisions on this user's requests that they have not yet acknowledged."""
    stmt = select(Approval).where(
        Approval.requested_by == actor.user_id,
        Approval.status.in_(("approved", "rejected")),
        Approval.seen_at.is_(None),
    )
    return _rows(session, stmt)


def requests_of(session: Session, actor: Actor, case_id: int) -> list[ApprovalRow]:
    return _rows(session, select(Approval).where(Approval.case_id == case_id))


def decide(
    session: Session, actor: Actor, approval_id: int, *, approve: bool, comment: str = ""
) -> None:
    begin_write(session)
    approval = session.get(Approval, approval_id)
    if approval is None or approval.status != "pending":
        raise NotFound(_("No such request is waiting for a decision."))
    require_manager(actor, approval.district_code)
    if not approve and not comment.strip():
        raise ValidationError(_("Say why the request is rejected."), field="comment")
    if approval.kind == "transition":
        decide_transition(session, actor, approval, approve, comment)
    elif approval.kind == "assessment":
        assessment = session.get(CapacityAssessment, approval.subject_id)
        assert assessment is not None
        if approve:
            assessment.approved_by, assessment.approved_at = actor.user_id, utcnow()
    elif approval.kind == "transfer":
        decide_transfer_approval(session, actor, approval, approve)
    approval.status = "approved" if approve else "rejected"
    approval.decided_by, approval.decided_at = actor.user_id, utcnow()
    approval.comment = comment.strip()
    audit.record(
        session,
        actor,
        "approval.decide",
        entity_type="case",
        entity_id=approval.case_id,
        district_code=approval.district_code,
        approval=approval.id,
        approved=approve,
    )
    session.commit()


def acknowledge(session: Session, actor: Actor, approval_id: int) -> None:
    approval = session.get(Approval, approval_id)
    if approval is None or approval.requested_by != actor.user_id:
        raise NotFound(_("No such request."))
    approval.seen_at = utcnow()
    session.commit()


def withdraw(session: Session, actor: Actor, approval_id: int) -> None:
    begin_write(session)
    approval = session.get(Approval, approval_id)
    if approval is None or approval.requested_by != actor.user_id or approval.status != "pending":
        raise NotFound(_("No such request is waiting for a decision."))
    approval.status = "withdrawn"
    approval.decided_at = utcnow()
    audit.record(
        session,
        actor,
        "approval.withdraw",
        entity_type="case",
        entity_id=approval.case_id,
        district_code=approval.district_code,
        approval=approval.id,
    )
    session.commit()


__all__ = [
    "ApprovalRow",
    "acknowledge",
    "answers_for",
    "decide",
    "pending_for",
    "requests_of",
    "require_manager",
    "withdraw",
]
