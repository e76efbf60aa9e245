"""The fields of a petition's documents (resources/letters: revocation_petition,
guardian_change_petition, protection_order_petition, child_support_complaint and the
support_prosecution_letter), taken from the petition, the case, the child, the family
and the institution. A value the records lack is left out, so `docs_gen.letters.fill`
names exactly what is missing. Rendering and issuing belong to the UI and the register."""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import gettext
from caseworker.models import (
    CapacityAssessment,
    Child,
    Court,
    FamilyMember,
    SupportRequest,
    TemporaryGuardianship,
)
from caseworker.policy.id_number import IdNumberError, parse_id_number
from caseworker.policy.instrument import InstrumentError
from caseworker.security.actor import Actor
from caseworker.security.masking import mask_id_number
from caseworker.services.cases.assessments import instrument_of
from caseworker.services.court.labels import (
    CITY_CWI_NAME,
    PETITION_KINDS,
    RELATIONS_ZH,
)
from caseworker.services.court.petitions import load_petition
from caseworker.services.court.views import petition_defaults

GENDERS = {"M": "男", "F": "女"}
# How each petition names what it asks, after "拟向{court}" in the procuratorate letter.
ASKS = {
    "revocation": "申请撤销监护人资格",
    "change_guardian": "申请变更监护人",
    "protection_order": "申请人身安全保护令",
    "child_support": "提起追索抚养费诉讼",
}


def _person(
    prefix: str, name: str, relation: str, id_number: str | None, address: str, actor: Actor
) -> dict[str, Any]:
    """A party's particulars; gender and birth date come from the ID number when valid."""
    out: dict[str, Any] = {
        f"{prefix}.name": name,
        f"{prefix}.relation": RELATIONS_ZH.get(relation, relation),
        f"{prefix}.address": address,
    }
    if relation in ("father", "mother"):
        out[f"{prefix}.gender"] = "男" if relation == "father" else "女"
    if id_number:
        out[f"{prefix}.id_number"] = mask_id_number(id_number, actor)
        try:
            parsed = parse_id_number(id_number)
        except IdNumberError:
            return out
        out[f"{prefix}.birth_date"] = parsed.birth_date
        out.setdefault(f"{prefix}.gender", "男" if parsed.gender == "male" else "女")
    return out


def _assessment(session: Session, case_id: int, assessor: str) -> dict[str, Any]:
    a = session.scalars(
        select(CapacityAssessment)
        .where(
            CapacityAssessment.case_id == case_id,
            CapacityAssessment.status == "final",
            CapacityAssessment.approved_at.is_not(None),
        )
        .order_by(CapacityAssessment.assessed_on.desc(), CapacityAssessment.id.desc())
        .limit(1)
    ).first()
    if a is None:
        return {}
    grade = a.grade or ""
    # The instrument file may be gone: then the stored code is printed.
    with contextlib.suppress(InstrumentError, StopIteration):
        grade = instrument_of(a).grade(grade).label if grade else ""
    return {
        "assessment.date": a.assessed_on,
        "assessment.assessor": assessor,
        "assessment.grade": grade,
    }


def petition_letter_fields(session: Session, actor: Actor, petition_id: int) -> dict[str, Any]:
    """Field values for the petition's letter and the 提请支持起诉函 (flat dotted names)."""
    p, case = load_petition(session, actor, petition_id)
    child = session.get(Child, case.child_id)
    respondent = session.get(FamilyMember, p.respondent_id)
    court = session.get(Court, p.court_code)
    assert child is not None and respondent is not None and court is not None
    defaults = petition_defaults(session, actor, case.id)
    by_institution = p.petitioner_kind == "institution"
    fields: dict[str, Any] = {
        "agency.name": p.petitioner_name if not by_institution else defaults.agency,
        "agency.address": p.petitioner_address if not by_institution else "",
        "agency.head": p.petitioner_head,
        "agency.head_title": p.petitioner_head_title,
        "institution.name": p.petitioner_name if by_institution else defaults.institution,
        "institution.address": p.petitioner_address if by_institution else "",
        "institution.contact": p.contact_name,
        "institution.phone": p.contact_phone,
        "case.case_number": case.case_number,
        "case.street_office": child.residence_street,
        "child.name": child.name,
        "child.gender": GENDERS.get(child.gender, ""),
        "child.birth_date": child.birth_date,
        "child.id_number": mask_id_number(child.id_number, actor),
        "child.hukou": child.hukou_place,
        "child.address": child.address,
        "child.school": child.school,
        "petition.court": court.name,
        "petition.kind": ASKS.get(p.kind, gettext(PETITION_KINDS.get(p.kind, p.kind))),
        "petition.facts": p.facts,
        "support_claim.monthly_amount": p.support_monthly_amount,
        "support_claim.start_date": p.support_from,
    }
    if p.proposed_guardian_kind == "city_child_welfare_institution":
        fields["petition.designated_guardian"] = p.proposed_guardian_name or (
            f"{defaults.agency}（由{CITY_CWI_NAME}长期监护）"
        )
    elif p.proposed_guardian_kind == "person":
        fields["petition.designated_guardian"] = p.proposed_guardian_name
        fields |= _person(
            "new_guardian",
            p.proposed_guardian_name,
            p.proposed_guardian_relation,
            p.proposed_guardian_id_number,
            p.proposed_guardian_address,
            actor,
        )
    party = "obligor" if p.kind == "child_support" else "guardian"
    fields |= _person(
        party,
        respondent.name,
        respondent.relationship_code,
        respondent.id_number,
        p.respondent_address,
        actor,
    )
    fields[f"{party}.phone"] = respondent.contact_phone
    tg = session.scalars(
        select(TemporaryGuardianship)
        .where(TemporaryGuardianship.case_id == case.id)
        .order_by(TemporaryGuardianship.started_on.desc())
        .limit(1)
    ).first()
    if tg is not None:
        fields["guardianship.start_date"] = tg.started_on
    fields |= _assessment(session, case.id, defaults.institution)
    request = session.scalars(
        select(SupportRequest)
        .where(SupportRequest.petition_id == p.id)
        .order_by(SupportRequest.id.desc())
        .limit(1)
    ).first()
    fields["procuratorate.name"] = request.procuratorate if request else defaults.procuratorate
    return {k: v for k, v in fields.items() if v is not None and v != ""}
