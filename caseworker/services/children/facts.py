"""The policy engine's view of a child: the stored record turned into CaseFacts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.models import Child, FamilyMember, MemberCondition, Report
from caseworker.policy import facts as pf
from caseworker.policy.report import Report as PolicyReport
from caseworker.policy.report import evaluate

# Report situations that are facts of harm for the guardianship_deficient pattern.
HARM_FROM_SITUATION = {"domestic_violence": "abuse", "injury_or_harm": "unlawful_harm"}
ECONOMIC = {"dibao", "dibao_edge", "tekun", "rigid_expense", "low_income"}


def case_facts(
    session: Session, child: Child, today: date, case_id: int | None = None
) -> pf.CaseFacts | None:
    """None when the birth date is unknown: no rule can be applied without an age."""
    if child.birth_date is None:
        return None
    members = session.scalars(select(FamilyMember).where(FamilyMember.child_id == child.id)).all()
    conditions: dict[int, set[str]] = {}
    for c in session.scalars(
        select(MemberCondition).where(MemberCondition.member_id.in_([m.id for m in members]))
    ):
        if c.until is None or c.until > today:  # `until` is the day it ended
            conditions.setdefault(c.member_id, set()).add(c.condition_code)
    parents = tuple(
        pf.Parent(
            role=m.relationship_code,
            conditions=frozenset(conditions.get(m.id, ())),
            dead=m.deceased,
            missing=m.missing,
            working_away_months=_months_since(m.working_away_since, today),
            has_guardianship_capacity=m.has_guardianship_capacity,
            remarried=m.remarried,
            social_assistance=m.social_assistance,
            shanghai_residence_permit=m.shanghai_residence_permit,
            hukou_agricultural=m.hukou_agricultural,
        )
        for m in members
        if m.relationship_code in pf.PARENT_ROLES
    )
    harm: set[str] = set()
    if case_id is not None:
        for situations in session.scalars(
            select(Report.situations).where(Report.case_id == case_id)
        ):
            harm |= {HARM_FROM_SITUATION[s] for s in situations if s in HARM_FROM_SITUATION}
    economic = None
    if child.family_economic_status in ECONOMIC:
        economic = pf.FamilyEconomic(**{child.family_economic_status: True})
    disability = None
    if child.disability_kind in pf.DISABILITY_KINDS:
        disability = pf.Disability(child.disability_kind, child.disability_grade)
    return pf.CaseFacts(
        child=pf.Child(
            birth_date=child.birth_date,
            hukou=child.hukou_type,
            id_number=child.id_number,
            hukou_agricultural=child.hukou_agricultural,
            lives_in="shanghai_suburban_rural" if child.hukou_agricultural else "shanghai_urban",
            disability=disability,
            family_economic=economic,
            harm=frozenset(harm),
        ),
        parents=parents,
    )


def _months_since(start: date | None, today: date) -> int:
    if start is None or start > today:
        return 0
    return (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)


def evaluate_child(
    session: Session, child: Child, today: date, case_id: int | None = None
) -> PolicyReport | None:
    facts = case_facts(session, child, today, case_id)
    return evaluate(facts, today) if facts else None
