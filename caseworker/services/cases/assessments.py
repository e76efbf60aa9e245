"""Family guardianship-capacity assessments: draft, resume, finalise (locked), correct.

A final assessment is never edited: a correction is a new version that supersedes it. The
conclusion goes to the manager; only an approved conclusion counts for the workflow.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Approval,
    CapacityAssessment,
    FamilyMember,
    Investigation,
    Role,
    local_today,
    utcnow,
)
from caseworker.policy.instrument import (
    Instrument,
    check_scores,
    load_instrument,
    missing_scores,
    score,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, require_case_worker
from caseworker.services.errors import NotFound, ValidationError, check_fields
from caseworker.services.reference.labels import RECOMMENDATIONS
from caseworker.services.tx import begin_write


def instrument_of(a: CapacityAssessment) -> Instrument:
    return load_instrument(a.instrument_code, a.instrument_version)


def start_assessment(
    session: Session, actor: Actor, case_id: int, guardian_id: int, instrument: Instrument
) -> CapacityAssessment:
    require_case_worker(actor)
    case = load_case(session, actor, case_id)
    guardian = session.get(FamilyMember, guardian_id)
    if guardian is None or guardian.child_id != case.child_id:
        raise ValidationError(_("Choose a guardian of this child."), field="guardian")
    a = CapacityAssessment(
        case_id=case.id,
        guardian_id=guardian.id,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        assessor_id=actor.user_id,
        scores={},
    )
    session.add(a)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.start",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        assessment=a.id,
    )
    session.commit()
    return a


def _load_draft(session: Session, actor: Actor, assessment_id: int) -> CapacityAssessment:
    a = session.get(CapacityAssessment, assessment_id)
    if a is None:
        raise NotFound(_("No such assessment."))
    load_case(session, actor, a.case_id)
    if a.status != "draft":
        raise ValidationError(_("A finished assessment is locked; correct it as a new version."))
    return a


def save_draft(
    session: Session,
    actor: Actor,
    assessment_id: int,
    *,
    scores: dict[str, int],
    conclusion: str = "",
    recommendation: str | None = None,
    assessed_on: date | None = None,
) -> CapacityAssessment:
    """Save whatever is filled in so far; bad scores are refused, missing ones are fine."""
    require_case_worker(actor)
    a = _load_draft(session, actor, assessment_id)
    errors = check_scores(instrument_of(a), scores)
    if recommendation is not None and recommendation not in RECOMMENDATIONS:
        errors["recommendation"] = _("Choose a recommendation.")
    if assessed_on is not None and assessed_on > local_today():
        errors["assessed_on"] = _("The assessment date cannot be in the future.")
    check_fields(errors)
    a.scores = dict(scores)
    a.conclusion = conclusion.strip()
    a.recommendation = recommendation
    a.assessed_on = assessed_on
    a.updated_at = utcnow()
    audit.record(
        session, actor, "assessment.save", entity_type="case", entity_id=a.case_id, assessment=a.id
    )
    session.commit()
    return a


def finalise(session: Session, actor: Actor, assessment_id: int) -> CapacityAssessment:
    """Score, grade and lock the assessment; its conclusion goes to the manager."""
    require_case_worker(actor)
    begin_write(session)
    a = _load_draft(session, actor, assessment_id)
    inst = instrument_of(a)
    errors = {}
    missing = missing_scores(inst, a.scores)
    if missing:
        errors["scores"] = _("Score every indicator first (missing: {codes}).").format(
            codes="、".join(missing)
        )
    if not a.conclusion:
        errors["conclusion"] = _("Write the assessor's conclusion.")
    if a.recommendation is None:
        errors["recommendation"] = _("Choose a recommendation.")
    if a.assessed_on is None:
        errors["assessed_on"] = _("Enter the date of the assessment.")
    check_fields(errors)
    result = score(inst, a.scores)
    now = utcnow()
    a.total, a.grade, a.finds_capacity = (
        result.total,
        result.grade.code,
        result.grade.finds_capacity,
    )
    a.status, a.finalised_at, a.updated_at = "final", now, now
    case = load_case(session, actor, a.case_id)
    manager = actor.role in (Role.MANAGER, Role.CITY)
    if manager:
        a.approved_by, a.approved_at = actor.user_id, now
    session.add(
        Approval(
            case_id=case.id,
            kind="assessment",
            subject_id=a.id,
            district_code=case.district_code,
            payload={"grade": result.grade.code, "recommendation": a.recommendation},
            requested_by=actor.user_id,
            **(
                {
                    "status": "approved",
                    "decided_by": actor.user_id,
                    "decided_at": now,
                    "seen_at": now,
                }
                if manager
                else {}
            ),
        )
    )
    audit.record(
        session,
        actor,
        "assessment.finalise",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        assessment=a.id,
        grade=a.grade,
    )
    session.commit()
    return a


def correct(session: Session, actor: Actor, assessment_id: int) -> CapacityAssessment:
    """Open a new draft version carrying the old answers; the old one stays as it was."""
    require_case_worker(actor)
    old = session.get(CapacityAssessment, assessment_id)
    if old is None:
        raise NotFound(_("No such assessment."))
    case = load_case(session, actor, old.case_id)
    if old.status != "final":
        raise ValidationError(_("A draft can simply be edited."))
    newest = (
        session.scalar(
            select(func.max(CapacityAssessment.version)).where(
                CapacityAssessment.case_id == old.case_id,
                CapacityAssessment.guardian_id == old.guardian_id,
            )
        )
        or old.version
    )
    new = CapacityAssessment(
        case_id=old.case_id,
        guardian_id=old.guardian_id,
        instrument_code=old.instrument_code,
        instrument_version=old.instrument_version,
        version=newest + 1,
        supersedes_id=old.id,
        scores=dict(old.scores),
        conclusion=old.conclusion,
        recommendation=old.recommendation,
        assessed_on=old.assessed_on,
        assessor_id=actor.user_id,
    )
    session.add(new)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.correct",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        assessment=new.id,
        supersedes=old.id,
    )
    session.commit()
    return new


def assessments_of(session: Session, actor: Actor, case_id: int) -> list[CapacityAssessment]:
    case = load_case(session, actor, case_id)
    return list(
        session.scalars(
            select(CapacityAssessment)
            .where(CapacityAssessment.case_id == case.id)
            .order_by(CapacityAssessment.id)
        )
    )


def latest_investigation(session: Session, actor: Actor, case_id: int) -> Investigation | None:
    case = load_case(session, actor, case_id)
    return session.scalars(
        select(Investigation)
        .where(Investigation.case_id == case.id)
        .order_by(Investigation.id.desc())
        .limit(1)
    ).first()
