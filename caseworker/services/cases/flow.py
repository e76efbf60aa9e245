"""Moving a case between stages, checked against the workflow rules (policy/workflow).

A move that needs a manager becomes an approval request unless a manager asks for it;
approving it re-checks the rules (facts may have changed) and carries it out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Approval,
    CapacityAssessment,
    Case,
    CaseEvent,
    Child,
    FamilyMember,
    Role,
    TemporaryGuardianship,
    local_today,
    utcnow,
)
from caseworker.policy.dates import age_on
from caseworker.policy.workflow import Refusal, TransitionFacts, check_transition, load_workflow
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, require_case_worker, require_manager
from caseworker.services.court.petitions import has_court_order
from caseworker.services.errors import DomainError, ValidationError
from caseworker.services.reference.labels import CARE_FORMS
from caseworker.services.tx import begin_write

MANAGERS = (Role.MANAGER, Role.CITY)


@dataclass(frozen=True)
class TransitionRequest:
    code: str
    reason: str | None = None  # closure / intervention reason code
    reason_text: str = ""
    ground: str | None = None  # revocation ground
    care_form: str | None = None  # starting temporary guardianship
    caregiver: str = ""
    legal_basis: str = ""


@dataclass(frozen=True)
class TransitionOption:
    code: str
    label: str
    to_stage: str
    needs_approval: bool
    allowed: bool
    refusals: tuple[Refusal, ...]


@dataclass(frozen=True)
class TransitionOutcome:
    executed: bool
    approval_id: int | None
    stage: str
    warnings: tuple[str, ...]


class TransitionRefused(DomainError):
    """The rules refuse the move; `refusals` says which rule, what is missing, which clause."""

    def __init__(self, refusals: tuple[Refusal, ...]) -> None:
        lines = [
            f"{r.message}（{r.rule_set} {r.clause}）" if r.rule_set else r.message for r in refusals
        ]
        super().__init__(_("The move is refused: {why}").format(why="；".join(lines)))
        self.refusals = refusals


def _latest_assessment(session: Session, case_id: int) -> CapacityAssessment | None:
    """The newest final, approved capacity assessment: the one the workflow relies on."""
    return session.scalars(
        select(CapacityAssessment)
        .where(
            CapacityAssessment.case_id == case_id,
            CapacityAssessment.status == "final",
            CapacityAssessment.approved_at.is_not(None),
        )
        .order_by(CapacityAssessment.assessed_on.desc(), CapacityAssessment.id.desc())
        .limit(1)
    ).first()


def open_guardianship(session: Session, case_id: int) -> TemporaryGuardianship | None:
    return session.scalars(
        select(TemporaryGuardianship).where(
            TemporaryGuardianship.case_id == case_id, TemporaryGuardianship.ended_on.is_(None)
        )
    ).first()


def gather_facts(
    session: Session, case: Case, req: TransitionRequest, approvals: frozenset[str], today: date
) -> TransitionFacts:
    child = session.get(Child, case.child_id)
    assert child is not None
    latest = _latest_assessment(session, case.id)
    tg = open_guardianship(session, case.id)
    refusing = session.scalars(
        select(FamilyMember.refusing_duties_since)
        .where(FamilyMember.child_id == child.id, FamilyMember.refusing_duties_since.is_not(None))
        .order_by(FamilyMember.refusing_duties_since)
    ).first()
    return TransitionFacts(
        reason=req.reason,
        reason_text=req.reason_text.strip(),
        ground=req.ground,
        capacity_assessed_on=latest.assessed_on if latest else None,
        capacity_found=latest.finds_capacity if latest else None,
        temporary_guardianship_since=tg.started_on if tg else None,
        child_age=age_on(child.birth_date, today) if child.birth_date else None,
        child_hukou=child.hukou_type,
        court_order=has_court_order(session, case.id),
        approvals=approvals,
        duty_refusal_since=refusing,
        as_of=today,
    )


def transition_options(session: Session, actor: Actor, case_id: int) -> list[TransitionOption]:
    """Every move from the case's stage, and whether the rules allow it now (approval aside)."""
    case = load_case(session, actor, case_id)
    today = local_today()
    options = []
    for t in load_workflow().transitions_from(case.stage):
        facts = gather_facts(
            session, case, TransitionRequest(t.code), frozenset({"manager"}), today
        )
        result = check_transition(case.stage, t.code, facts)
        # Reasons and written explanations come from the form; judge only the case's facts.
        blocking = tuple(r for r in result.refusals if r.rule not in _FORM_RULES)
        options.append(
            TransitionOption(
                t.code, t.label, t.to_stage, t.approval is not None, not blocking, blocking
            )
        )
    return options


# Refusals that the request form answers (a reason, a text), not the case's facts.
_FORM_RULES = frozenset({"reason_required", "reason_text", "ground_required", "unknown_reason"})


def _validate(req: TransitionRequest) -> None:
    if req.code == "start_temporary_guardianship":
        errors = {}
        if req.care_form not in CARE_FORMS:
            errors["care_form"] = _("Choose the form of care.")
        if req.care_form in ("relative", "foster_family") and not req.caregiver.strip():
            errors["caregiver"] = _("Name the relative or foster family.")
        if errors:
            raise ValidationError(
                "；".join(errors.values()), errors=errors, field=next(iter(errors))
            )


def request_transition(
    session: Session, actor: Actor, case_id: int, req: TransitionRequest
) -> TransitionOutcome:
    require_case_worker(actor)
    _validate(req)
    begin_write(session)
    case = load_case(session, actor, case_id, for_update=True)
    today = local_today()
    is_manager = actor.role in MANAGERS
    facts = gather_facts(session, case, req, frozenset({"manager"}), today)
    result = check_transition(case.stage, req.code, facts)
    if not result.allowed:
        raise TransitionRefused(result.refusals)
    if result.needs_approval and not is_manager:
        pending = session.scalar(
            select(Approval.id).where(
                Approval.case_id == case.id,
                Approval.status == "pending",
                Approval.kind == "transition",
            )
        )
        if pending is not None:
            raise ValidationError(_("A request on this case is already waiting for approval."))
        approval = Approval(
            case_id=case.id,
            kind="transition",
            transition_code=req.code,
            payload=asdict(req),
            district_code=case.district_code,
            requested_by=actor.user_id,
        )
        session.add(approval)
        session.flush()
        audit.record(
            session,
            actor,
            "approval.request",
            entity_type="case",
            entity_id=case.id,
            district_code=case.district_code,
            transition=req.code,
            approval=approval.id,
        )
        session.commit()
        return TransitionOutcome(False, approval.id, case.stage, result.warnings)
    approval_id = None
    if result.needs_approval:
        # A manager's own request is approved by that manager, on the record.
        approval = Approval(
            case_id=case.id,
            kind="transition",
            transition_code=req.code,
            payload=asdict(req),
            district_code=case.district_code,
            requested_by=actor.user_id,
            status="approved",
            decided_by=actor.user_id,
            decided_at=utcnow(),
            seen_at=utcnow(),
        )
        session.add(approval)
        session.flush()
        approval_id = approval.id
    execute(session, actor, case, req, result.to_stage or case.stage)
    session.commit()
    return TransitionOutcome(True, approval_id, case.stage, result.warnings)


def execute(
    session: Session, actor: Actor, case: Case, req: TransitionRequest, to_stage: str
) -> None:
    """Carry out an allowed move: the stage, its event, and what the move starts or ends."""
    now = utcnow()
    today = now.date()
    from_stage = case.stage
    tg = open_guardianship(session, case.id)
    if req.code == "start_temporary_guardianship":
        if tg is not None:
            raise ValidationError(_("Temporary guardianship has already begun on this case."))
        t = load_workflow().transition(req.code)
        assert t is not None
        session.add(
            TemporaryGuardianship(
                case_id=case.id,
                started_on=today,
                care_form=req.care_form or "",
                caregiver=req.caregiver.strip(),
                legal_basis=req.legal_basis.strip() or f"{t.rule_set} {t.clause}",
                started_by=actor.user_id,
            )
        )
    elif (
        tg is not None and to_stage != "temporary_guardianship" and req.code != "start_intervention"
    ):
        tg.ended_on = today
        tg.ended_by = actor.user_id
        tg.end_reason = req.reason or req.code
    case.stage = to_stage
    if to_stage == "closed":
        case.closed_at = now
        case.closure_reason = req.reason
    elif from_stage == "closed":
        case.closed_at = None
        case.closure_reason = None
    text = req.reason_text.strip() or (req.reason or "")
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="transition",
            from_stage=from_stage,
            to_stage=to_stage,
            transition_code=req.code,
            actor_id=actor.user_id,
            occurred_at=now,
            reason=text,
        )
    )
    audit.record(
        session,
        actor,
        "case.transition",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        transition=req.code,
        to=to_stage,
    )


def decide_transition(
    session: Session, actor: Actor, approval: Approval, approve: bool, comment: str
) -> None:
    """The approval side of a requested move (called from services.approvals)."""
    case = load_case(session, actor, approval.case_id, for_update=True)
    require_manager(actor, case.district_code)
    if not approve:
        return
    req = TransitionRequest(**approval.payload)  # type: ignore[arg-type]
    facts = gather_facts(session, case, req, frozenset({"manager"}), local_today())
    result = check_transition(case.stage, req.code, facts)
    if not result.allowed:
        raise TransitionRefused(result.refusals)
    execute(session, actor, case, req, result.to_stage or case.stage)
