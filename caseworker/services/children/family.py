"""The child's family: parents, guardians and relatives, with the facts the rules read
(the eight conditions, death, disappearance, work away, refusal of duties).

A changed fact is never silently overwritten: conditions are rows with since/until dates,
and every change leaves its before and after in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import N_, _
from caseworker.models import FamilyMember, MemberCondition, local_today
from caseworker.policy.facts import EIGHT_CONDITIONS
from caseworker.policy.id_number import IdNumberError, parse_id_number
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, require_case_worker
from caseworker.services.errors import NotFound, check_fields

RELATIONSHIPS: dict[str, str] = {
    "father": N_("Father"),
    "mother": N_("Mother"),
    "grandparent": N_("Grandparent"),
    "relative": N_("Other relative"),
    "designated_guardian": N_("Guardian designated by the court"),
    "city_cwi": N_("City child-welfare institution"),
}
CONDITIONS: dict[str, str] = {
    "severe_disability": N_("Severe disability"),
    "severe_illness": N_("Severe illness"),
    "imprisoned": N_("Serving a sentence or detained"),
    "compulsory_rehab": N_("Compulsory drug rehabilitation"),
    "liberty_restricted": N_("Other restriction of liberty"),
    "lost_contact": N_("Lost contact"),
    "guardianship_revoked": N_("Guardianship revoked"),
    "deported": N_("Deported"),
}
assert set(CONDITIONS) == set(EIGHT_CONDITIONS)  # the same eight the policy engine reads


@dataclass(frozen=True)
class MemberInput:
    name: str
    relationship: str
    is_guardian: bool = False
    contact_phone: str = ""
    id_number: str = ""
    deceased: bool = False
    missing: bool = False
    remarried: bool = False
    social_assistance: bool = False
    hukou_agricultural: bool = False
    shanghai_residence_permit: bool = False
    has_guardianship_capacity: bool | None = None
    working_away_since: date | None = None
    refusing_duties_since: date | None = None
    conditions: frozenset[str] = field(default_factory=frozenset)


def _check(data: MemberInput) -> None:
    errors: dict[str, str] = {}
    today = local_today()
    if not data.name.strip():
        errors["name"] = _("Enter the name.")
    if data.relationship not in RELATIONSHIPS:
        errors["relationship"] = _("Choose the relationship to the child.")
    if data.id_number.strip():
        try:
            parse_id_number(data.id_number.strip().upper(), today=today)
        except IdNumberError as exc:
            errors["id_number"] = exc.message
    unknown = data.conditions - set(CONDITIONS)
    if unknown:
        errors["conditions"] = _("Unknown condition: {codes}").format(
            codes="、".join(sorted(unknown))
        )
    for name in ("working_away_since", "refusing_duties_since"):
        value = getattr(data, name)
        if value is not None and value > today:
            errors[name] = _("The date cannot be in the future.")
    if data.deceased and data.is_guardian:
        errors["is_guardian"] = _("A deceased person cannot be a guardian.")
    check_fields(errors)


def _facts(m: FamilyMember) -> dict[str, object]:
    return {
        k: str(v) if isinstance(v, date) else v
        for k, v in (
            ("name", m.name),
            ("relationship", m.relationship_code),
            ("is_guardian", m.is_guardian),
            ("deceased", m.deceased),
            ("missing", m.missing),
            ("remarried", m.remarried),
            ("social_assistance", m.social_assistance),
            ("capacity", m.has_guardianship_capacity),
            ("working_away_since", m.working_away_since),
            ("refusing_duties_since", m.refusing_duties_since),
        )
    }


def _apply(m: FamilyMember, data: MemberInput) -> None:
    m.name = data.name.strip()
    m.relationship_code = data.relationship
    m.is_guardian = data.is_guardian
    m.contact_phone = data.contact_phone.strip()
    m.id_number = data.id_number.strip().upper() or None
    m.deceased, m.missing, m.remarried = data.deceased, data.missing, data.remarried
    m.social_assistance = data.social_assistance
    m.hukou_agricultural = data.hukou_agricultural
    m.shanghai_residence_permit = data.shanghai_residence_permit
    m.has_guardianship_capacity = data.has_guardianship_capacity
    m.working_away_since = data.working_away_since
    m.refusing_duties_since = data.refusing_duties_since


def current_conditions(session: Session, member_id: int) -> set[str]:
    return set(
        session.scalars(
            select(MemberCondition.condition_code).where(
                MemberCondition.member_id == member_id, MemberCondition.until.is_(None)
            )
        )
    )


def _sync_conditions(session: Session, m: FamilyMember, wanted: frozenset[str]) -> None:
    """Conditions that began get a row from today; those that ended get today as `until`."""
    today = local_today()
    for row in session.scalars(
        select(MemberCondition).where(
            MemberCondition.member_id == m.id, MemberCondition.until.is_(None)
        )
    ):
        if row.condition_code not in wanted:
            row.until = today
    for code in wanted - current_conditions(session, m.id):
        session.add(MemberCondition(member_id=m.id, condition_code=code, since=today))


def add_member(session: Session, actor: Actor, case_id: int, data: MemberInput) -> FamilyMember:
    require_case_worker(actor)
    _check(data)
    case = load_case(session, actor, case_id)
    m = FamilyMember(child_id=case.child_id, name="", relationship_code="")
    _apply(m, data)
    session.add(m)
    session.flush()
    _sync_conditions(session, m, data.conditions)
    audit.record(
        session,
        actor,
        "family.add",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        member=m.id,
        after=_facts(m),
        conditions=sorted(data.conditions),
    )
    session.commit()
    return m


def update_member(
    session: Session, actor: Actor, case_id: int, member_id: int, data: MemberInput
) -> FamilyMember:
    require_case_worker(actor)
    _check(data)
    case = load_case(session, actor, case_id)
    m = session.get(FamilyMember, member_id)
    if m is None or m.child_id != case.child_id:
        raise NotFound(_("No such family member on this case."))
    before, before_conditions = _facts(m), sorted(current_conditions(session, m.id))
    _apply(m, data)
    _sync_conditions(session, m, data.conditions)
    audit.record(
        session,
        actor,
        "family.update",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        member=m.id,
        before=before,
        after=_facts(m),
        conditions_before=before_conditions,
        conditions=sorted(data.conditions),
    )
    session.commit()
    return m


def member_input(session: Session, m: FamilyMember) -> MemberInput:
    """The current facts of a member, as the edit form starts from them."""
    return MemberInput(
        name=m.name,
        relationship=m.relationship_code,
        is_guardian=m.is_guardian,
        contact_phone=m.contact_phone,
        id_number=m.id_number or "",
        deceased=m.deceased,
        missing=m.missing,
        remarried=m.remarried,
        social_assistance=m.social_assistance,
        hukou_agricultural=m.hukou_agricultural,
        shanghai_residence_permit=m.shanghai_residence_permit,
        has_guardianship_capacity=m.has_guardianship_capacity,
        working_away_since=m.working_away_since,
        refusing_duties_since=m.refusing_duties_since,
        conditions=frozenset(current_conditions(session, m.id)),
    )


def family_of(
    session: Session, actor: Actor, case_id: int
) -> list[tuple[FamilyMember, MemberInput]]:
    case = load_case(session, actor, case_id)
    members = session.scalars(
        select(FamilyMember).where(FamilyMember.child_id == case.child_id).order_by(FamilyMember.id)
    ).all()
    return [(m, member_input(session, m)) for m in members]


__all__ = [
    "CONDITIONS",
    "RELATIONSHIPS",
    "MemberInput",
    "add_member",
    "family_of",
    "member_input",
    "update_member",
]
