"""What the court panel shows for one case: its petitions with their sessions, answers and
ruling; the family to choose a respondent from; the particulars a new petition starts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.models import (
    Case,
    Court,
    District,
    FamilyMember,
    Hearing,
    Institution,
    Petition,
    PetitionEvidence,
    Ruling,
    SupportRequest,
)
from caseworker.security.actor import Actor
from caseworker.services.cases.access import load_case
from caseworker.services.court.petitions import superseded_ids


@dataclass(frozen=True)
class PetitionView:
    petition: Petition
    court_name: str
    respondent_name: str
    status: str  # draft / filed / granted / denied / withdrawn
    hearings: tuple[Hearing, ...]
    next_hearing: Hearing | None  # the next session today or later without an outcome
    ruling: Ruling | None  # the current one
    rulings: tuple[Ruling, ...]  # every row, oldest first (corrections included)
    support_requests: tuple[SupportRequest, ...]
    evidence: tuple[PetitionEvidence, ...]


def _by_petition(session: Session, model, ids: list[int], *order) -> dict[int, list]:  # type: ignore[no-untyped-def]
    out: dict[int, list] = {i: [] for i in ids}  # type: ignore[type-arg]
    for row in session.scalars(select(model).where(model.petition_id.in_(ids)).order_by(*order)):
        out[row.petition_id].append(row)
    return out


def petitions_of(session: Session, actor: Actor, case_id: int, today: date) -> list[PetitionView]:
    case = load_case(session, actor, case_id)
    petitions = list(
        session.scalars(
            select(Petition).where(Petition.case_id == case.id).order_by(Petition.id.desc())
        )
    )
    ids = [p.id for p in petitions]
    hearings = _by_petition(session, Hearing, ids, Hearing.scheduled_on, Hearing.id)
    rulings = _by_petition(session, Ruling, ids, Ruling.id)
    requests = _by_petition(session, SupportRequest, ids, SupportRequest.id)
    evidence = _by_petition(session, PetitionEvidence, ids, PetitionEvidence.id)
    superseded = set(session.scalars(superseded_ids()))
    courts = dict(session.execute(select(Court.code, Court.name)).all())
    names = dict(
        session.execute(
            select(FamilyMember.id, FamilyMember.name).where(FamilyMember.child_id == case.child_id)
        ).all()
    )
    views = []
    for p in petitions:
        current = next((r for r in reversed(rulings[p.id]) if r.id not in superseded), None)
        status = current.outcome if current else ("filed" if p.filed_on else "draft")
        upcoming = [h for h in hearings[p.id] if h.outcome is None and h.scheduled_on >= today]
        views.append(
            PetitionView(
                p,
                courts.get(p.court_code, p.court_code),
                names.get(p.respondent_id, ""),
                status,
                tuple(hearings[p.id]),
                upcoming[0] if upcoming and current is None else None,
                current,
                tuple(rulings[p.id]),
                tuple(requests[p.id]),
                tuple(evidence[p.id]),
            )
        )
    return views


def case_family(session: Session, actor: Actor, case_id: int) -> list[FamilyMember]:
    case = load_case(session, actor, case_id)
    return list(
        session.scalars(
            select(FamilyMember)
            .where(FamilyMember.child_id == case.child_id)
            .order_by(FamilyMember.is_guardian.desc(), FamilyMember.id)
        )
    )


@dataclass(frozen=True)
class PetitionDefaults:
    agency: str  # the district's civil-affairs bureau
    institution: str  # the district's protection institution
    procuratorate: str
    court_code: str | None  # the district's court
    address: str = ""
    head: str = ""
    head_title: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def petition_defaults(session: Session, actor: Actor, case_id: int) -> PetitionDefaults:
    """Names derived from the case's district; particulars from the district's last petition."""
    case = load_case(session, actor, case_id)
    district = session.get(District, case.district_code)
    name = district.name if district else ""
    inst = session.scalar(
        select(Institution.name)
        .where(
            Institution.district_code == case.district_code,
            Institution.setting_type == "protection_institution",
        )
        .order_by(Institution.id)
        .limit(1)
    )
    court = session.scalar(select(Court.code).where(Court.district_code == case.district_code))
    last = session.scalar(
        select(Petition)
        .join(Case, Case.id == Petition.case_id)
        .where(
            Case.district_code == case.district_code,
            Petition.petitioner_kind == "civil_affairs",
        )
        .order_by(Petition.id.desc())
        .limit(1)
    )
    return PetitionDefaults(
        agency=f"上海市{name}民政局",
        institution=inst or f"上海市{name}未成年人保护中心",
        procuratorate=f"上海市{name}人民检察院",
        court_code=court,
        address=last.petitioner_address if last else "",
        head=last.petitioner_head if last else "",
        head_title=last.petitioner_head_title if last else "",
        contact_name=last.contact_name if last else "",
        contact_phone=last.contact_phone if last else "",
    )
