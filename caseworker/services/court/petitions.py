"""Court petitions: drafting and filing one, asking the procuratorate to support it,
its hearings — and whether a court order on the case designates a new guardian.

Rulings are in court_rulings (they move the case); the grounds checklist in court_grounds;
the calendar and "my work" reminders in court_work; letter fields in court_letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Case,
    Court,
    FamilyMember,
    Petition,
    PetitionEvidence,
    Ruling,
    local_today,
    utcnow,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, not_visible, require_case_worker
from caseworker.services.court.evidence import EvidenceRef, check_evidence
from caseworker.services.court.grounds import ground_problems, revocation_ground_codes
from caseworker.services.court.labels import (
    NEW_GUARDIAN_KINDS,
    PETITION_KINDS,
    PETITIONER_KINDS,
)
from caseworker.services.court.numbers import parse_court_number
from caseworker.services.errors import ValidationError, check_fields
from caseworker.services.tx import begin_write

GUARDIANSHIP_KINDS = ("revocation", "change_guardian")  # a grant designates a new guardian


@dataclass(frozen=True)
class PetitionInput:
    kind: str
    petitioner_kind: str
    petitioner_name: str
    respondent_id: int | None
    court_code: str
    facts: str
    petitioner_address: str = ""
    petitioner_head: str = ""
    petitioner_head_title: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    respondent_address: str = ""
    grounds: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = field(default_factory=tuple)
    proposed_guardian_kind: str | None = None
    proposed_guardian_name: str = ""
    proposed_guardian_relation: str = ""
    proposed_guardian_id_number: str = ""
    proposed_guardian_address: str = ""
    support_monthly_amount: int | None = None
    support_from: date | None = None
    filed_on: date | None = None
    court_case_number: str = ""


def courts(session: Session) -> list[Court]:
    return list(session.scalars(select(Court).order_by(Court.sort_order)))


def _court_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Court.code, Court.name)).all())


def check_number(session: Session, text: str, court_code: str) -> str:
    """The case number in its printed form; it must be the chosen court's."""
    names = _court_names(session)
    number = parse_court_number(text, this_year=utcnow().year, courts=names)
    if number.court_code != court_code:
        raise ValidationError(
            _("The case number is of {number_court}, but the petition is before {court}.").format(
                number_court=names[number.court_code], court=names.get(court_code, court_code)
            ),
            field="court_case_number",
        )
    return str(number)


def _validate(session: Session, case: Case, data: PetitionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = local_today()
    if data.kind not in PETITION_KINDS:
        errors["kind"] = _("Choose what the petition asks for.")
    if data.petitioner_kind not in PETITIONER_KINDS:
        errors["petitioner_kind"] = _("Choose who petitions.")
    if not data.petitioner_name.strip():
        errors["petitioner_name"] = _("Name the petitioner.")
    member = session.get(FamilyMember, data.respondent_id) if data.respondent_id else None
    if member is None or member.child_id != case.child_id:
        errors["respondent_id"] = _("Choose the family member the petition is against.")
    elif data.kind in GUARDIANSHIP_KINDS and not member.is_guardian:
        errors["respondent_id"] = _("{name} is not a guardian of the child now.").format(
            name=member.name
        )
    if session.get(Court, data.court_code) is None:
        errors["court_code"] = _("Choose the court.")
    if not data.facts.strip():
        errors["facts"] = _("Write the facts and reasons.")
    if data.kind == "revocation":
        unknown = set(data.grounds) - set(revocation_ground_codes())
        if not data.grounds or unknown:
            errors["grounds"] = _("Tick at least one of the grounds for revocation.")
    if data.kind in GUARDIANSHIP_KINDS:
        if data.proposed_guardian_kind not in NEW_GUARDIAN_KINDS:
            errors["proposed_guardian_kind"] = _("Say who should become the guardian.")
        elif data.proposed_guardian_kind == "person" and not data.proposed_guardian_name.strip():
            errors["proposed_guardian_name"] = _("Name the person proposed as guardian.")
    if data.kind == "child_support":
        if not data.support_monthly_amount or data.support_monthly_amount <= 0:
            errors["support_monthly_amount"] = _("Give the monthly amount claimed, in yuan.")
        if data.support_from is None:
            errors["support_from"] = _("Give the date support is claimed from.")
    if data.filed_on is not None and data.filed_on > today:
        errors["filed_on"] = _("The filing date cannot be in the future.")
    if data.court_case_number.strip() and data.filed_on is None:
        errors["filed_on"] = _("A case number comes with filing: give the filing date.")
    return errors


def create_petition(session: Session, actor: Actor, case_id: int, data: PetitionInput) -> Petition:
    """A petition on the case: filed when `filed_on` is given, otherwise a draft."""
    require_case_worker(actor)
    case = load_case(session, actor, case_id)
    errors = _validate(session, case, data)
    number = None
    if data.court_case_number.strip() and "court_case_number" not in errors:
        try:
            number = check_number(session, data.court_case_number, data.court_code)
        except ValidationError as exc:
            errors.update(exc.errors)
    grounds = data.grounds if data.kind == "revocation" else ()
    errors.update(check_evidence(session, case, data.evidence, grounds))
    if "grounds" not in errors:
        errors.update(ground_problems(session, case, grounds, local_today()))
    check_fields(errors)
    guardian_kind = data.proposed_guardian_kind if data.kind in GUARDIANSHIP_KINDS else None
    p = Petition(
        case_id=case.id,
        kind=data.kind,
        petitioner_kind=data.petitioner_kind,
        petitioner_name=data.petitioner_name.strip(),
        petitioner_address=data.petitioner_address.strip(),
        petitioner_head=data.petitioner_head.strip(),
        petitioner_head_title=data.petitioner_head_title.strip(),
        contact_name=data.contact_name.strip(),
        contact_phone=data.contact_phone.strip(),
        respondent_id=data.respondent_id,
        respondent_address=data.respondent_address.strip(),
        court_code=data.court_code,
        court_case_number=number,
        filed_on=data.filed_on,
        facts=data.facts.strip(),
        grounds=list(grounds),
        proposed_guardian_kind=guardian_kind,
        proposed_guardian_name=data.proposed_guardian_name.strip() if guardian_kind else "",
        proposed_guardian_relation=data.proposed_guardian_relation.strip(),
        proposed_guardian_id_number=data.proposed_guardian_id_number.strip() or None,
        proposed_guardian_address=data.proposed_guardian_address.strip(),
        support_monthly_amount=data.support_monthly_amount
        if data.kind == "child_support"
        else None,
        support_from=data.support_from if data.kind == "child_support" else None,
        created_by=actor.user_id,
    )
    session.add(p)
    session.flush()
    for ref in data.evidence:
        session.add(
            PetitionEvidence(
                petition_id=p.id,
                ground_code=ref.ground_code,
                source_kind=ref.kind,
                source_id=ref.id,
                added_by=actor.user_id,
            )
        )
    audit_petition(
        session, actor, case, "court.petition", p.id, kind=p.kind, filed=str(p.filed_on or "")
    )
    session.commit()
    return p


def load_petition(
    session: Session, actor: Actor, petition_id: int, *, for_update: bool = False
) -> tuple[Petition, Case]:
    stmt = select(Petition).where(Petition.id == petition_id)
    p = session.scalar(stmt.with_for_update() if for_update else stmt)
    if p is None:
        raise not_visible()
    return p, load_case(session, actor, p.case_id)


def record_filing(
    session: Session, actor: Actor, petition_id: int, *, filed_on: date, court_case_number: str = ""
) -> Petition:
    """The petition was filed (and perhaps accepted with a case number). Each is set once."""
    require_case_worker(actor)
    begin_write(session)
    p, case = load_petition(session, actor, petition_id, for_update=True)
    errors: dict[str, str] = {}
    if p.filed_on is not None and p.filed_on != filed_on:
        errors["filed_on"] = _("The filing date is already recorded ({date}).").format(
            date=p.filed_on.isoformat()
        )
    elif filed_on > local_today():
        errors["filed_on"] = _("The filing date cannot be in the future.")
    number = None
    if court_case_number.strip():
        if p.court_case_number:
            errors["court_case_number"] = _("The case number is already recorded ({n}).").format(
                n=p.court_case_number
            )
        else:
            try:
                number = check_number(session, court_case_number, p.court_code)
            except ValidationError as exc:
                errors.update(exc.errors)
    check_fields(errors)
    p.filed_on = filed_on
    p.court_case_number = number or p.court_case_number
    audit_petition(session, actor, case, "court.filing", p.id, filed=filed_on, number=number or "")
    session.commit()
    return p


def superseded_ids():  # type: ignore[no-untyped-def]
    return select(Ruling.supersedes_id).where(Ruling.supersedes_id.is_not(None))


def current_ruling(session: Session, petition_id: int) -> Ruling | None:
    return session.scalars(
        select(Ruling)
        .where(Ruling.petition_id == petition_id, Ruling.id.not_in(superseded_ids()))
        .order_by(Ruling.id.desc())
        .limit(1)
    ).first()


def has_court_order(session: Session, case_id: int) -> bool:
    """A current ruling on the case revokes or changes the guardian (the `court_order` fact)."""
    found = session.scalar(
        select(Ruling.id)
        .join(Petition, Petition.id == Ruling.petition_id)
        .where(
            Petition.case_id == case_id,
            Petition.kind.in_(GUARDIANSHIP_KINDS),
            Ruling.outcome == "granted",
            Ruling.id.not_in(superseded_ids()),
        )
        .limit(1)
    )
    return found is not None


def audit_petition(
    session: Session, actor: Actor, case: Case, action: str, petition_id: int, **detail: Any
) -> None:
    audit.record(
        session,
        actor,
        action,
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        petition=petition_id,
        **detail,
    )
