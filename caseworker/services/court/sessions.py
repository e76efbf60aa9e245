"""What happens after filing, before the ruling: the request to the procuratorate to
support the suit (提请支持起诉) and its answer, and the court's sessions with their outcome.
Each answer and outcome is filled in once; a re-scheduled session is a new row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Hearing, SupportRequest, local_today, utcnow
from caseworker.security.actor import Actor
from caseworker.services.cases.access import not_visible, require_case_worker
from caseworker.services.court.labels import HEARING_KINDS, HEARING_OUTCOMES, SUPPORT_ANSWERS
from caseworker.services.court.petitions import audit_petition as _audit
from caseworker.services.court.petitions import load_petition
from caseworker.services.errors import check_fields
from caseworker.services.tx import begin_write


def request_support(
    session: Session, actor: Actor, petition_id: int, *, procuratorate: str, requested_on: date
) -> SupportRequest:
    """提请支持起诉: ask the procuratorate to support the suit (SH2022-4 §三(三))."""
    require_case_worker(actor)
    p, case = load_petition(session, actor, petition_id)
    errors = {}
    if not procuratorate.strip():
        errors["procuratorate"] = _("Name the procuratorate.")
    if requested_on > local_today():
        errors["requested_on"] = _("The date cannot be in the future.")
    check_fields(errors)
    row = SupportRequest(
        petition_id=p.id,
        procuratorate=procuratorate.strip(),
        requested_on=requested_on,
        requested_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, case, "court.support_request", p.id, request=row.id)
    session.commit()
    return row


def record_support_answer(
    session: Session, actor: Actor, request_id: int, *, answer: str, answered_on: date, note: str
) -> SupportRequest:
    require_case_worker(actor)
    begin_write(session)
    row = session.scalar(
        select(SupportRequest).where(SupportRequest.id == request_id).with_for_update()
    )
    if row is None:
        raise not_visible()
    p, case = load_petition(session, actor, row.petition_id)
    errors = {}
    if row.answer is not None:
        errors["answer"] = _("The procuratorate's answer is already recorded.")
    elif answer not in SUPPORT_ANSWERS:
        errors["answer"] = _("Choose the procuratorate's answer.")
    if answered_on < row.requested_on or answered_on > local_today():
        errors["answered_on"] = _("The answer's date must be between the request and today.")
    check_fields(errors)
    row.answer, row.answered_on, row.answer_note = answer, answered_on, note.strip()
    row.answered_by, row.answered_at = actor.user_id, utcnow()
    _audit(session, actor, case, "court.support_answer", p.id, request=row.id, answer=answer)
    session.commit()
    return row


def schedule_hearing(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    kind: str,
    scheduled_on: date,
    time_text: str = "",
    place: str = "",
) -> Hearing:
    require_case_worker(actor)
    p, case = load_petition(session, actor, petition_id)
    errors = {}
    if kind not in HEARING_KINDS:
        errors["kind"] = _("Choose the kind of session.")
    t = time_text.strip()
    if t and not (len(t) == 5 and t[2] == ":" and t[:2].isdigit() and t[3:].isdigit()):
        errors["time_text"] = _("Give the time as HH:MM, e.g. 09:30.")
    if p.filed_on is None:
        errors["scheduled_on"] = _("Record the filing first: a draft has no hearings.")
    elif scheduled_on < p.filed_on:
        errors["scheduled_on"] = _("A session cannot be before the filing date.")
    check_fields(errors)
    row = Hearing(
        petition_id=p.id,
        kind=kind,
        scheduled_on=scheduled_on,
        time_text=t,
        place=place.strip(),
        scheduled_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, case, "court.hearing", p.id, hearing=row.id, on=scheduled_on)
    session.commit()
    return row


def record_hearing_outcome(
    session: Session, actor: Actor, hearing_id: int, *, outcome: str, note: str
) -> Hearing:
    """What happened at a session; an adjourned one is followed by a newly scheduled one."""
    require_case_worker(actor)
    begin_write(session)
    row = session.scalar(select(Hearing).where(Hearing.id == hearing_id).with_for_update())
    if row is None:
        raise not_visible()
    p, case = load_petition(session, actor, row.petition_id)
    errors = {}
    if row.outcome is not None:
        errors["outcome"] = _("What happened at this session is already recorded.")
    elif outcome not in HEARING_OUTCOMES:
        errors["outcome"] = _("Choose what happened.")
    elif outcome == "held" and row.scheduled_on > local_today():
        errors["outcome"] = _("The session has not taken place yet.")
    if outcome in ("held", "adjourned") and not note.strip():
        errors["note"] = _("Write what happened.")
    check_fields(errors)
    row.outcome, row.outcome_note = outcome, note.strip()
    row.outcome_by, row.outcome_at = actor.user_id, utcnow()
    _audit(session, actor, case, "court.hearing_outcome", p.id, hearing=row.id, outcome=outcome)
    session.commit()
    return row
