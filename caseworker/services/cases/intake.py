"""Report intake (发现报告): record the report, find or create the child, open a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Case,
    CaseEvent,
    Child,
    District,
    Report,
    Role,
    local_today,
    utcnow,
)
from caseworker.policy.id_number import IdNumberError, parse_id_number
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.numbers import next_case_number
from caseworker.services.children.duplicates import Candidate, find_candidates
from caseworker.services.children.names import initials
from caseworker.services.errors import AccessDenied, NotFound, ValidationError, check_fields
from caseworker.services.reference.labels import CHANNELS, REPORTER_TYPES, SITUATIONS
from caseworker.services.tx import begin_write


@dataclass(frozen=True)
class ReportInput:
    reporter_type: str
    channel: str
    received_at: datetime
    situations: tuple[str, ...]
    narrative: str
    reporter_name: str = ""
    reporter_unit: str = ""
    reporter_contact: str = ""
    location: str = ""
    police_notified: bool = False


@dataclass(frozen=True)
class ChildInput:
    name: str
    gender: str = "U"  # M / F / U; taken from the ID number when one is given
    id_number: str = ""
    birth_date: date | None = None
    hukou_type: str = "shanghai"
    hukou_place: str = ""
    residence_district_code: str | None = None
    residence_street: str = ""
    residence_committee: str = ""
    address: str = ""
    school: str = ""


class DuplicateSuspected(ValidationError):
    """Children who may be the one being reported: the user must pick one or confirm new."""

    def __init__(self, candidates: list[Candidate]) -> None:
        super().__init__(
            _("This child may already be known. Choose the same child or confirm a new one.")
        )
        self.candidates = candidates


@dataclass
class _Checked:
    id_number: str | None
    birth_date: date | None
    gender: str
    errors: dict[str, str] = field(default_factory=dict)


def validate_report(report: ReportInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if report.reporter_type not in REPORTER_TYPES:
        errors["reporter_type"] = _("Choose who reported.")
    if report.channel not in CHANNELS:
        errors["channel"] = _("Choose how the report came in.")
    if not report.situations:
        errors["situations"] = _("Choose at least one situation.")
    elif any(s not in SITUATIONS for s in report.situations):
        errors["situations"] = _("Unknown situation code.")
    if report.received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    if report.received_at > utcnow():
        errors["received_at"] = _("The time received cannot be in the future.")
    if not report.narrative.strip():
        errors["narrative"] = _("Describe what was reported.")
    return errors


def check_child(child: ChildInput, today: date) -> _Checked:
    errors: dict[str, str] = {}
    name = child.name.strip()
    if not name:
        errors["name"] = _(
            "Enter the child's name (or a description such as 无名氏 for an unidentified child)."
        )
    number = child.id_number.strip().upper() or None
    birth, gender = child.birth_date, child.gender
    if number:
        try:
            parsed = parse_id_number(number, today=today)
        except IdNumberError as exc:
            errors["id_number"] = exc.message
        else:
            if birth and birth != parsed.birth_date:
                errors["birth_date"] = _(
                    "The birth date does not match the ID number ({date})."
                ).format(date=parsed.birth_date.isoformat())
            birth = parsed.birth_date
            gender = "M" if parsed.gender == "male" else "F"
    if birth and birth > today:
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if child.hukou_type not in ("shanghai", "other"):
        errors["hukou_type"] = _("Choose the household registration.")
    return _Checked(number, birth, gender, errors)


def open_case(
    session: Session,
    actor: Actor,
    *,
    district_code: str,
    report: ReportInput,
    child: ChildInput | None = None,
    existing_child_id: int | None = None,
    confirmed_new: bool = False,
) -> Case:
    """Record a report and open a case on it, in one transaction.

    Either `existing_child_id` (the user picked "same child") or `child` (a new child). A new
    child that resembles known children raises DuplicateSuspected until `confirmed_new`.
    """
    actor.require_district(district_code)
    if actor.role not in (Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY):
        # Institution staff look after beds and care; opening a case is casework.
        raise AccessDenied(_("Only social workers and managers may open a case."))
    today = local_today()
    errors = validate_report(report)
    checked = check_child(child, today) if child is not None else None
    if checked:
        errors.update(checked.errors)
    if (child is None) == (existing_child_id is None):
        raise ValueError("give either child or existing_child_id")
    check_fields(errors)

    begin_write(session)
    if session.get(District, district_code) is None:
        raise ValidationError(_("Unknown district."), field="district")
    if existing_child_id is not None:
        record = session.get(Child, existing_child_id)
        if record is None or not actor.can_see_district(record.residence_district_code):
            raise NotFound(_("No such child in the districts you may access."))
    else:
        assert child is not None and checked is not None
        if not confirmed_new:
            candidates = find_candidates(
                session, actor, child.name.strip(), checked.birth_date, checked.id_number
            )
            if candidates:
                raise DuplicateSuspected(candidates)
        elif checked.id_number and session.scalar(
            select(Child.id).where(Child.id_number == checked.id_number)
        ):
            raise ValidationError(
                _(
                    "A child with this ID number is already registered (perhaps in another district); choose that child or contact its district."
                ),
                field="id_number",
            )
        record = Child(
            name=child.name.strip(),
            name_initials=initials(child.name.strip()),
            gender=checked.gender,
            id_number=checked.id_number,
            birth_date=checked.birth_date,
            hukou_type=child.hukou_type,
            hukou_place=child.hukou_place.strip(),
            residence_district_code=child.residence_district_code or district_code,
            residence_street=child.residence_street.strip(),
            residence_committee=child.residence_committee.strip(),
            address=child.address.strip(),
            school=child.school.strip(),
            created_by=actor.user_id,
        )
        session.add(record)
        session.flush()
        audit.record(
            session,
            actor,
            "child.create",
            entity_type="child",
            entity_id=record.id,
            district_code=record.residence_district_code,
        )

    now = utcnow()
    case = Case(
        case_number=next_case_number(session, district_code, now.year),
        child_id=record.id,
        district_code=district_code,
        stage="report",
        risk_level="high"
        if {"alone_or_missing", "domestic_violence"} & set(report.situations)
        else "medium",
        owner_id=actor.user_id if actor.role is Role.SOCIAL_WORKER else None,
        opened_at=now,
    )
    session.add(case)
    session.flush()
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="transition",
            from_stage=None,
            to_stage="report",
            transition_code="open",
            actor_id=actor.user_id,
            occurred_at=now,
            reason=_("Report received"),
        )
    )
    session.add(
        Report(
            case_id=case.id,
            reporter_type=report.reporter_type,
            reporter_name=report.reporter_name.strip(),
            reporter_unit=report.reporter_unit.strip(),
            reporter_contact=report.reporter_contact.strip(),
            channel=report.channel,
            received_at=report.received_at,
            situations=list(report.situations),
            location=report.location.strip(),
            narrative=report.narrative.strip(),
            police_notified=report.police_notified,
            recorded_by=actor.user_id,
        )
    )
    audit.record(
        session,
        actor,
        "case.open",
        entity_type="case",
        entity_id=case.id,
        district_code=district_code,
        case_number=case.case_number,
    )
    session.commit()
    return case
