"""The grounds for revoking a guardian's status, checked against the case, and the duty of
civil affairs to petition when nobody else has (SH2020-29 §四(四)).

The grounds, their clauses and the 6-month clock come from the policy engine (the workflow's
`revocation_grounds` and `guardian_refusal_clock`); so do the warnings that the document
they rest on expired on 2025-12-31.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    CapacityAssessment,
    Case,
    EmergencyAction,
    FamilyMember,
    Petition,
)
from caseworker.policy.clocks import ClockResult, guardian_refusal_clock
from caseworker.policy.rulesets import load_rulebook
from caseworker.policy.workflow import TransitionFacts, check_transition, load_workflow
from caseworker.security.actor import Actor
from caseworker.services.cases.access import load_case

# The text says civil affairs must petition when others do not "in time" (未及时) without a
# number: the app gives others this long after a ground arises before it warns.
PETITION_GRACE = timedelta(days=30)
_REVOKE = "revoke_guardianship"


@dataclass(frozen=True)
class Ground:
    code: str
    label: str
    basis: str  # 沪府规〔2020〕29号 §四(四)
    holds: bool | None  # None: for the caseworker to judge on the evidence
    detail: str = ""


@dataclass(frozen=True)
class GuardianClock:
    member_id: int
    name: str
    clock: ClockResult


@dataclass(frozen=True)
class MustPetition:
    since: date  # when a ground arose
    due: date  # civil affairs must have petitioned by then
    overdue: bool
    message: str
    basis: str


@dataclass(frozen=True)
class GroundsView:
    grounds: tuple[Ground, ...]
    clocks: tuple[GuardianClock, ...]
    must_petition: MustPetition | None
    warnings: tuple[str, ...]  # the policy engine's validity warnings


def revocation_ground_codes() -> tuple[str, ...]:
    return tuple(r.code for r in load_workflow().reasons("revocation_grounds"))


def _basis(rule_set: str, clause: str) -> str:
    rs = load_rulebook().rule_sets.get(rule_set)
    return f"{rs.document_number if rs else rule_set} {clause}"


def _engine(ground: str, refusing_since: date | None, today: date):  # type: ignore[no-untyped-def]
    """The policy engine's verdict on a ground: refusals and validity warnings."""
    start = load_workflow().transition("start_intervention")
    assert start is not None
    facts = TransitionFacts(
        reason=_REVOKE,
        ground=ground,
        duty_refusal_since=refusing_since,
        as_of=today,
        approvals=frozenset({"manager"}),
    )
    return check_transition(start.from_stages[0], start.code, facts)


def _clocks(session: Session, case: Case, today: date) -> list[GuardianClock]:
    members = session.scalars(
        select(FamilyMember)
        .where(
            FamilyMember.child_id == case.child_id,
            FamilyMember.is_guardian.is_(True),
            FamilyMember.refusing_duties_since.is_not(None),
        )
        .order_by(FamilyMember.refusing_duties_since, FamilyMember.id)
    )
    return [
        GuardianClock(m.id, m.name, guardian_refusal_clock(m.refusing_duties_since, today))
        for m in members
        if m.refusing_duties_since is not None
    ]


def _harm_recorded(session: Session, case: Case) -> date | None:
    """The first record of serious harm: domestic violence handled in the emergency response,
    or an approved capacity assessment recommending revocation."""
    dv = session.scalar(
        select(EmergencyAction.acted_at)
        .where(
            EmergencyAction.case_id == case.id, EmergencyAction.action_code == "domestic_violence"
        )
        .order_by(EmergencyAction.acted_at)
        .limit(1)
    )
    advised = session.scalar(
        select(CapacityAssessment.assessed_on)
        .where(
            CapacityAssessment.case_id == case.id,
            CapacityAssessment.recommendation == "revocation",
            CapacityAssessment.approved_at.is_not(None),
        )
        .order_by(CapacityAssessment.assessed_on)
        .limit(1)
    )
    dates = [d for d in (dv.date() if dv else None, advised) if d is not None]
    return min(dates) if dates else None


def must_petition(session: Session, case: Case, today: date) -> MustPetition | None:
    """Whether civil affairs now has to petition for revocation itself."""
    guardians = session.scalar(
        select(FamilyMember.id)
        .where(FamilyMember.child_id == case.child_id, FamilyMember.is_guardian.is_(True))
        .limit(1)
    )
    if guardians is None:
        return None  # nobody's status left to revoke
    filed = session.scalar(
        select(Petition.id)
        .where(
            Petition.case_id == case.id,
            Petition.kind == "revocation",
            Petition.filed_on.is_not(None),
        )
        .limit(1)
    )
    if filed is not None:
        return None
    arose = [c.clock.due for c in _clocks(session, case, today) if c.clock.passed]
    harm = _harm_recorded(session, case)
    arose += [harm] if harm else []
    if not arose:
        return None
    since = min(arose)
    due = since + PETITION_GRACE
    ground = load_workflow().reason("revocation_grounds", "serious_harm")
    basis = _basis(ground.rule_set, ground.clause) if ground else "SH2020-29 §四(四)"
    message = _(
        "A ground for revoking the guardian's status has held since {since} and nobody has "
        "petitioned: if no one else does by {due}, civil affairs must petition the court "
        "({basis})."
    ).format(since=since.isoformat(), due=due.isoformat(), basis=basis)
    return MustPetition(since, due, today >= due, message, basis)


def grounds_view(session: Session, actor: Actor, case_id: int, today: date) -> GroundsView:
    case = load_case(session, actor, case_id)
    clocks = _clocks(session, case, today)
    earliest = clocks[0].clock.start if clocks else None
    harm = _harm_recorded(session, case)
    grounds: list[Ground] = []
    warnings: list[str] = []
    for reason in load_workflow().reasons("revocation_grounds"):
        verdict = _engine(reason.code, earliest, today)
        holds: bool | None = None
        detail = ""
        if reason.code == "refusal_6_months":
            holds = verdict.allowed
            detail = "；".join(r.message for r in verdict.refusals)
        elif reason.code == "serious_harm" and harm is not None:
            detail = _("Serious harm on record since {date}.").format(date=harm.isoformat())
            warnings += verdict.warnings  # the ground the duty rests on: say if it expired
        grounds.append(
            Ground(reason.code, reason.label, _basis(reason.rule_set, reason.clause), holds, detail)
        )
    # The 6-month clock carries the engine's own warning when its document has expired.
    warnings += [c.clock.warning for c in clocks if c.clock.warning]
    return GroundsView(
        tuple(grounds),
        tuple(clocks),
        must_petition(session, case, today),
        tuple(dict.fromkeys(warnings)),
    )


def ground_problems(
    session: Session, case: Case, grounds: Sequence[str], today: date
) -> dict[str, str]:
    """A claimed ground the case's facts refute (only the 6-month clock can be checked)."""
    if "refusal_6_months" not in grounds:
        return {}
    clocks = _clocks(session, case, today)
    verdict = _engine("refusal_6_months", clocks[0].clock.start if clocks else None, today)
    if verdict.allowed:
        return {}
    return {"grounds": "；".join(r.message for r in verdict.refusals)}
