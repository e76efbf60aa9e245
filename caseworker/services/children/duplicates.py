"""Is the reported child already known? Exact ID, same name and birth date, homophones,
near misses. Searches the districts the user may see; an ID number registered in another
district is reported without saying who holds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.i18n import N_, gettext
from caseworker.models import Case, Child, District
from caseworker.security.actor import Actor
from caseworker.security.masking import mask_id_number
from caseworker.services.children.names import initials, one_character_apart, toneless_pinyin

REASONS = {
    "id_number": N_("Same ID number"),
    "name_and_birth": N_("Same name and birth date"),
    "homophone": N_("Same-sounding name and same birth date"),
    "near_name": N_("Name one character apart, same birth date"),
    "same_name": N_("Same name"),
    "foreign_id": N_("This ID number is registered in another district"),
}
LIMIT = 20


@dataclass(frozen=True)
class Candidate:
    child_id: int | None  # None when the match lies outside the user's districts
    name: str
    birth_date: date | None
    id_number: str
    district: str
    open_cases: int
    reason: str

    @property
    def reason_label(self) -> str:
        return gettext(REASONS[self.reason])


def find_candidates(
    session: Session, actor: Actor, name: str, birth_date: date | None, id_number: str | None
) -> list[Candidate]:
    visible = actor.visible_districts()
    found: dict[int, str] = {}

    def scoped(stmt):  # type: ignore[no-untyped-def]
        return (
            stmt
            if visible is None
            else stmt.where(Child.residence_district_code.in_(sorted(visible)))
        )

    foreign_id = False
    if id_number:
        hit = session.execute(
            select(Child.id, Child.residence_district_code).where(Child.id_number == id_number)
        ).first()
        if hit is not None:
            if actor.can_see_district(hit.residence_district_code):
                found[hit.id] = "id_number"
            else:
                foreign_id = True
    if birth_date is not None:
        same_day = session.execute(
            scoped(select(Child.id, Child.name).where(Child.birth_date == birth_date)).limit(2000)
        ).all()
        sound = toneless_pinyin(name)
        for child_id, other in same_day:
            if child_id in found:
                continue
            if other == name:
                found[child_id] = "name_and_birth"
            elif toneless_pinyin(other) == sound:
                found[child_id] = "homophone"
            elif one_character_apart(other, name):
                found[child_id] = "near_name"
    if name:
        same_name = session.scalars(scoped(select(Child.id).where(Child.name == name)).limit(LIMIT))
        for child_id in same_name:
            found.setdefault(child_id, "same_name")
        if birth_date is None:
            # Without a birth date, same-sounding names are the best hint there is.
            key = initials(name)
            for child_id, other in session.execute(
                scoped(select(Child.id, Child.name).where(Child.name_initials == key)).limit(500)
            ):
                if child_id not in found and toneless_pinyin(other) == toneless_pinyin(name):
                    found[child_id] = "homophone"
    result = _describe(session, actor, found)
    if foreign_id:
        result.insert(0, Candidate(None, "", None, "", "", 0, "foreign_id"))
    return result


def _describe(session: Session, actor: Actor, found: dict[int, str]) -> list[Candidate]:
    if not found:
        return []
    order = list(REASONS)
    ids = sorted(found, key=lambda i: (order.index(found[i]), i))[:LIMIT]
    open_cases = dict(
        session.execute(
            select(Case.child_id, func.count())
            .where(Case.child_id.in_(ids), Case.stage != "closed")
            .group_by(Case.child_id)
        ).all()
    )
    rows = {
        r.id: r
        for r in session.execute(
            select(
                Child.id, Child.name, Child.birth_date, Child.id_number, District.name.label("d")
            )
            .outerjoin(District, District.code == Child.residence_district_code)
            .where(Child.id.in_(ids))
        )
    }
    return [
        Candidate(
            i,
            rows[i].name,
            rows[i].birth_date,
            mask_id_number(rows[i].id_number, actor),
            rows[i].d or "",
            open_cases.get(i, 0),
            found[i],
        )
        for i in ids
    ]
