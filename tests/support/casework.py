"""Helpers for case-lifecycle tests: a new case in a known district, moving time along."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from caseworker.models import FamilyMember, TemporaryGuardianship, utcnow
from caseworker.security.actor import Actor
from caseworker.services.cases.intake import ChildInput, ReportInput, open_case

REPORT = ReportInput(
    reporter_type="school",
    channel="phone",
    received_at=utcnow() - timedelta(hours=2),
    situations=("guardian_incapable",),
    narrative="班主任反映该生连续三天无人接送，家中无人。",
    reporter_name="李老师",
    reporter_unit="浦东实验小学",
    reporter_contact="021-12345678",
    location="浦东新区花木街道",
)


def new_case(session: Session, actor: Actor, name: str = "测试儿", **child: object):  # type: ignore[no-untyped-def]
    fields = {"name": name, "gender": "F", "birth_date": date(2015, 3, 8)} | child
    return open_case(
        session,
        actor,
        district_code="310115",
        report=REPORT,
        child=ChildInput(**fields),
        confirmed_new=True,
    )  # type: ignore[arg-type]


def add_guardian(session: Session, child_id: int, name: str = "测试母") -> FamilyMember:
    m = FamilyMember(child_id=child_id, name=name, relationship_code="mother", is_guardian=True)
    session.add(m)
    session.commit()
    return m


def backdate_guardianship(session: Session, case_id: int, days: int) -> None:
    """Pretend temporary guardianship began `days` ago (time passes between visits)."""
    session.execute(
        update(TemporaryGuardianship)
        .where(TemporaryGuardianship.case_id == case_id)
        .values(started_on=utcnow().date() - timedelta(days=days))
    )
    session.commit()
