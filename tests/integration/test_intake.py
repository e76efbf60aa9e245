"""Report intake: validation, duplicate checks, case numbers (also under concurrency)."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker.models import Case, CaseEvent, Child, Report, utcnow
from caseworker.services.cases.intake import ChildInput, DuplicateSuspected, open_case
from caseworker.services.errors import AccessDenied, ValidationError
from caseworker.storage.database import make_engine, make_sessionmaker
from tests.support.casework import REPORT, new_case
from tests.support.factories import actor, build_small_demo


@pytest.fixture
def demo(engine, session):  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=300)
    return session


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def test_open_case_records_report_child_case_and_first_event(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    case = new_case(demo, sw, name="王喆", id_number="")
    assert case.stage == "report" and case.owner_id == sw.user_id
    year = utcnow().year
    assert case.case_number.startswith(f"310115-{year}-")
    report = demo.scalars(select(Report).where(Report.case_id == case.id)).one()
    assert report.situations == ["guardian_incapable"] and report.reporter_unit == "浦东实验小学"
    event = demo.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
    assert event.to_stage == "report" and event.actor_id == sw.user_id
    assert demo.get(Child, case.child_id).name_initials == "wz"


def test_bad_input_names_every_field_and_saves_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    before = _count(demo, Case)
    bad_report = replace(
        REPORT, narrative=" ", situations=(), received_at=utcnow() + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as err:
        open_case(
            demo,
            sw,
            district_code="310115",
            report=bad_report,
            child=ChildInput(name="张三", id_number="310115201503080012"),
            confirmed_new=True,
        )
    assert set(err.value.errors) >= {"narrative", "situations", "received_at", "id_number"}
    assert "校验" in err.value.errors["id_number"] or "校验码" in err.value.errors["id_number"]
    assert _count(demo, Case) == before


def test_id_number_fills_birth_date_and_gender_and_must_agree(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    from caseworker.policy.id_number import check_character

    body = "31011520150308001"  # odd sequence digit: a boy
    number = body + check_character(body)
    case = new_case(demo, sw, name="赵昇", id_number=number, birth_date=None, gender="U")
    child = demo.get(Child, case.child_id)
    assert child.birth_date == date(2015, 3, 8) and child.gender == "M"
    with pytest.raises(ValidationError) as err:
        new_case(demo, sw, name="赵昇二", id_number=number[:-1] + "0", birth_date=date(2015, 3, 9))
    assert "id_number" in err.value.errors


def test_duplicates_exact_id_same_name_and_homophone(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    known = demo.scalars(
        select(Child).where(Child.residence_district_code == "310115", Child.id_number.is_not(None))
    ).first()
    with pytest.raises(DuplicateSuspected) as dup:
        open_case(
            demo,
            sw,
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="别名", id_number=known.id_number),
        )
    assert dup.value.candidates[0].child_id == known.id
    assert dup.value.candidates[0].reason == "id_number"

    new_case(demo, sw, name="王子涵", birth_date=date(2014, 6, 1))
    with pytest.raises(DuplicateSuspected) as dup:
        open_case(
            demo,
            sw,
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="汪紫寒", birth_date=date(2014, 6, 1)),
        )
    assert [c.reason for c in dup.value.candidates] == ["homophone"]
    with pytest.raises(DuplicateSuspected) as dup:
        open_case(
            demo,
            sw,
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="王子函", birth_date=date(2014, 6, 1)),
        )
    assert dup.value.candidates[0].reason in ("homophone", "near_name")

    # The user picks "same child": a second case for the known child.
    case = open_case(
        demo,
        sw,
        district_code="310115",
        report=REPORT,
        existing_child_id=dup.value.candidates[0].child_id,
    )
    assert case.child_id == dup.value.candidates[0].child_id


def test_an_id_number_from_another_district_is_not_revealed(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    foreign = demo.scalars(
        select(Child).where(Child.residence_district_code == "310101", Child.id_number.is_not(None))
    ).first()
    with pytest.raises(DuplicateSuspected) as dup:
        open_case(
            demo,
            sw,
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="某某", id_number=foreign.id_number),
        )
    first = dup.value.candidates[0]
    assert first.reason == "foreign_id" and first.child_id is None and first.name == ""
    with pytest.raises(ValidationError, match="已登记"):
        open_case(
            demo,
            sw,
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="某某", id_number=foreign.id_number),
            confirmed_new=True,
        )


def test_who_may_open_a_case(demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        new_case(demo, actor(demo, "pudong.staff"))
    with pytest.raises(AccessDenied):
        open_case(
            demo,
            actor(demo, "huangpu.sw1"),
            district_code="310115",
            report=REPORT,
            child=ChildInput(name="甲"),
            confirmed_new=True,
        )


def test_case_numbers_continue_the_year_and_stay_unique(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    numbers = [new_case(demo, sw, name=f"儿童{i}").case_number for i in range(3)]
    seqs = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]
    year = utcnow().year
    existing = demo.scalars(
        select(Case.case_number).where(
            Case.district_code == "310115", Case.case_number.like(f"310115-{year}-%")
        )
    ).all()
    assert len(existing) == len(set(existing))


def _open_many(url: str, worker: int, count: int, out) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as s:
        sw = actor(s, "pudong.sw1")
        for i in range(count):
            out.put(new_case(s, sw, name=f"并发{worker}号{i}").case_number)
    engine.dispose()


def test_workstations_opening_cases_at_once_never_share_a_number(engine, demo) -> None:  # type: ignore[no-untyped-def]
    url = engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_open_many, args=(url, w, 5, out)) for w in range(4)]
    for p in procs:
        p.start()
    numbers = [out.get(timeout=120) for _ in range(20)]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(set(numbers)) == 20
    seqs = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + 20))  # gapless too
