"""Builders for register tests: a case with real records made through the services."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from caseworker.models import Case, FamilyMember, utcnow
from caseworker.policy.id_number import check_character
from caseworker.policy.instrument import load_instrument
from caseworker.security.actor import Actor
from caseworker.services.cases import assessments, casework
from caseworker.services.cases.flow import TransitionRequest, request_transition
from caseworker.services.cases.intake import ChildInput, open_case
from tests.support.casework import REPORT, new_case

CHILD_ID_BORN = date(2014, 3, 9)
# What a caseworker types for the report receipt: the records hold no police station for a
# case without an emergency action, and no institution telephone number at all.
RECEIPT_INPUT = {
    "case.police_station": "上海市公安局浦东分局花木派出所",
    "institution.phone": "021-58880000",
}


def make_id(area: str, born: date, seq: str) -> str:
    first17 = f"{area}{born:%Y%m%d}{seq}"
    return first17 + check_character(first17)


def case_in(session: Session, actor: Actor, district: str, name: str, street: str) -> Case:
    """A new case (report stage) in any district."""
    return open_case(
        session,
        actor,
        district_code=district,
        report=REPORT,
        child=ChildInput(
            name=name, gender="F", birth_date=date(2015, 3, 8), residence_street=street
        ),
        confirmed_new=True,
    )


@dataclass
class World:
    session: Session
    sw: Actor
    manager: Actor
    case: Case


def full_case(session: Session, sw: Actor, manager: Actor) -> Case:
    """A case in temporary guardianship with a report, an emergency action by the police, a
    finished capacity assessment of the father and his ID number and telephone."""
    case = new_case(
        session,
        sw,
        name="王堃",
        gender="M",
        id_number=make_id("310115", CHILD_ID_BORN, "003"),
        birth_date=CHILD_ID_BORN,
        hukou_place="上海市浦东新区",
        residence_street="花木街道",
        address="东方路100弄5号",
        school="上海市浦东新区花木小学",
    )
    father = FamilyMember(
        child_id=case.child_id,
        name="王建国",
        relationship_code="father",
        is_guardian=True,
        contact_phone="13800138000",
        id_number=make_id("310115", date(1985, 6, 17), "005"),
    )
    session.add(father)
    session.commit()
    request_transition(session, sw, case.id, TransitionRequest("start_emergency"))
    casework.record_emergency_action(
        session,
        sw,
        case.id,
        action_code="escorted_to_institution",
        acted_by="花木派出所 张警官",
        acted_at=utcnow() - timedelta(hours=1),
        child_whereabouts="浦东新区未成年人保护中心",
    )
    request_transition(session, sw, case.id, TransitionRequest("emergency_to_assessment"))
    inst = load_instrument("capacity-DB31T1305-2021", "1")
    a = assessments.start_assessment(session, manager, case.id, father.id, inst)
    assessments.save_draft(
        session,
        manager,
        a.id,
        scores={i.code: 1 for i in inst.indicators()},
        conclusion="监护人长期酗酒，不能履行监护职责。",
        recommendation="temporary_guardianship",
        assessed_on=utcnow().date(),
    )
    assessments.finalise(session, manager, a.id)  # a manager's conclusion is approved at once
    request_transition(
        session,
        manager,
        case.id,
        TransitionRequest("start_temporary_guardianship", care_form="institution_bed"),
    )
    session.refresh(case)
    assert case.stage == "temporary_guardianship"
    return case


def pdf_text(data: bytes, folder: Path, name: str = "doc.pdf") -> str:
    """The PDF's text without whitespace (Chinese lines break anywhere)."""
    path = folder / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return "".join(out.stdout.decode("utf-8").split())
