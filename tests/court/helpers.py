"""A Pudong case in guardianship intervention, its family and the staff around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from caseworker.models import (
    Case,
    FamilyMember,
    Institution,
    Note,
    Role,
    User,
    utcnow,
)
from caseworker.policy.id_number import check_character
from caseworker.security.actor import Actor
from caseworker.services.cases.flow import TransitionRequest, request_transition
from caseworker.services.cases.intake import ChildInput, open_case
from caseworker.services.court.evidence import EvidenceRef
from caseworker.services.court.petitions import PetitionInput
from tests.support.casework import REPORT

PUDONG, HUANGPU = "310115", "310101"


def id_number(body17: str) -> str:
    return body17 + check_character(body17)


@dataclass
class World:
    session: Session
    sw: Actor
    manager: Actor
    foreign: Actor
    case: Case
    mother: FamilyMember
    father: FamilyMember
    note: Note

    @property
    def today(self) -> date:
        return utcnow().date()


def _user(session: Session, username: str, role: Role, district: str) -> Actor:
    user = User(
        username=username,
        display_name=username,
        password_hash="-",
        role=role,
        district_code=district,
    )
    session.add(user)
    session.flush()
    return Actor.of(user)


def make_world(session: Session, *, stage: str = "intervention") -> World:
    sw = _user(session, "pd.sw", Role.SOCIAL_WORKER, PUDONG)
    manager = _user(session, "pd.manager", Role.MANAGER, PUDONG)
    foreign = _user(session, "hp.sw", Role.SOCIAL_WORKER, HUANGPU)
    session.add(
        Institution(
            name="浦东新区未成年人保护中心",
            level="district",
            setting_type="protection_institution",
            district_code=PUDONG,
        )
    )
    session.commit()
    child = ChildInput(
        name="林玥",
        gender="F",
        id_number=id_number("31011520150308002"),
        address="浦东新区花木路100弄1号",
        school="浦东实验小学",
        hukou_place="上海市浦东新区",
    )
    case = open_case(
        session, sw, district_code=PUDONG, report=REPORT, child=child, confirmed_new=True
    )  # type: ignore[arg-type]
    mother = FamilyMember(
        child_id=case.child_id,
        name="林秀",
        relationship_code="mother",
        is_guardian=True,
        id_number=id_number("31011519870412002"),
    )
    father = FamilyMember(
        child_id=case.child_id,
        name="王强",
        relationship_code="father",
        is_guardian=True,
        id_number=id_number("31011519850617003"),
        contact_phone="13800138000",
    )
    session.add_all([mother, father])
    note = Note(case_id=case.id, text="父亲醉酒后殴打儿童，邻居报警。", author_id=sw.user_id)
    session.add(note)
    session.commit()
    if stage == "intervention":
        for code, kw in (
            ("accept_for_assessment", {}),
            ("start_intervention", {"reason": "revoke_guardianship", "ground": "serious_harm"}),
        ):
            request_transition(session, manager, case.id, TransitionRequest(code, **kw))
    return World(session, sw, manager, foreign, case, mother, father, note)


def petition_input(w: World, kind: str = "revocation", **over: object) -> PetitionInput:
    """A complete petition of `kind` against the father, filed 10 days ago."""
    base: dict[str, object] = {
        "kind": kind,
        "petitioner_kind": "civil_affairs",
        "petitioner_name": "上海市浦东新区民政局",
        "petitioner_address": "上海市浦东新区世纪大道2001号",
        "petitioner_head": "陈立新",
        "petitioner_head_title": "局长",
        "contact_name": "周敏",
        "contact_phone": "021-50000000",
        "respondent_id": w.father.id,
        "respondent_address": "上海市浦东新区花木路100弄1号",
        "court_code": "沪0115",
        "facts": "被申请人长期酗酒，多次殴打被监护人。",
        "filed_on": w.today - timedelta(days=10),
    }
    if kind == "revocation":
        base |= {
            "grounds": ("serious_harm",),
            "evidence": (EvidenceRef("note", w.note.id, "serious_harm"),),
            "proposed_guardian_kind": "person",
            "proposed_guardian_name": "李秀英",
            "proposed_guardian_relation": "grandparent",
        }
    if kind == "change_guardian":
        base |= {
            "proposed_guardian_kind": "person",
            "proposed_guardian_name": "李秀英",
            "proposed_guardian_relation": "grandparent",
            "proposed_guardian_id_number": id_number("31011519580412002"),
            "proposed_guardian_address": "上海市浦东新区龙阳路18弄3号",
        }
    if kind == "child_support":
        base |= {"support_monthly_amount": 2500, "support_from": w.today}
    if kind == "protection_order":
        base |= {"petitioner_kind": "institution", "petitioner_name": "浦东新区未成年人保护中心"}
    return PetitionInput(**(base | over))  # type: ignore[arg-type]
