"""The case list: search, stage filter, district scope and masking, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseworker.models import AuditEvent, Case, Child
from caseworker.services.cases.listing import CaseQuery, case_ids, case_rows, list_cases
from caseworker.services.errors import AccessDenied, ValidationError
from tests.support.factories import actor, build_small_demo


@pytest.fixture
def demo(engine, session):  # type: ignore[no-untyped-def]
    build_small_demo(engine)
    return session


def test_city_staff_see_every_case_newest_first(demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    ids = case_ids(demo, city, CaseQuery())
    assert len(ids) == 300
    rows = case_rows(demo, city, list(ids[:50]))
    opened = [r.opened_at for r in rows]
    assert opened == sorted(opened, reverse=True)


def test_district_staff_see_only_their_district(demo) -> None:  # type: ignore[no-untyped-def]
    pd = actor(demo, "pudong.sw1")
    ids = list(case_ids(demo, pd, CaseQuery()))
    districts = set(demo.scalars(select(Case.district_code).where(Case.id.in_(ids))))
    assert districts == {"310115"}
    expected = demo.scalar(select(Case.id).where(Case.district_code == "310115").limit(1))
    assert expected in ids
    # Asking for foreign rows by id returns nothing rather than a hint they exist.
    foreign = demo.scalars(select(Case.id).where(Case.district_code != "310115").limit(5)).all()
    assert case_rows(demo, pd, list(foreign)) == []
    with pytest.raises(AccessDenied):
        case_ids(demo, pd, CaseQuery(district_code="310101"))


def test_administrators_do_not_read_case_records(demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        case_ids(demo, actor(demo, "admin"), CaseQuery())


def test_search_by_name_prefix_initials_id_and_case_number(demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    child = demo.scalars(
        select(Child).where(Child.id_number.is_not(None)).order_by(Child.id)
    ).first()
    case = demo.scalar(select(Case).where(Case.child_id == child.id))

    by_name = list_cases(demo, city, CaseQuery(text=child.name), None)
    assert case.case_number in {r.case_number for r in by_name}
    assert all(r.child_name.startswith(child.name) for r in by_name)

    by_surname = list_cases(demo, city, CaseQuery(text=child.name[0]), None)
    assert len(by_surname) >= len(by_name)

    by_initials = list_cases(demo, city, CaseQuery(text=child.name_initials.upper()), None)
    assert case.case_number in {r.case_number for r in by_initials}

    by_id = list_cases(demo, city, CaseQuery(text=child.id_number), None)
    assert [r.case_number for r in by_id] == [case.case_number]
    by_id_prefix = list_cases(demo, city, CaseQuery(text=child.id_number[:10]), None)
    assert case.case_number in {r.case_number for r in by_id_prefix}

    by_number = list_cases(demo, city, CaseQuery(text=case.case_number), None)
    assert [r.child_name for r in by_number] == [child.name]

    assert list_cases(demo, city, CaseQuery(text="不存在的名字"), None) == []


def test_search_text_is_not_a_pattern(demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    for text in ("*", "%", "_", "[王]", "王%"):
        assert list_cases(demo, city, CaseQuery(text=text), None) == []


def test_stage_filter_and_unknown_stage(demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    rows = list_cases(demo, city, CaseQuery(stage="support"), None)
    assert rows and {r.stage for r in rows} == {"support"}
    with pytest.raises(ValidationError, match="未知的阶段"):
        case_ids(demo, city, CaseQuery(stage="nonsense"))


def test_id_numbers_are_masked_for_institution_staff(demo) -> None:  # type: ignore[no-untyped-def]
    staff = actor(demo, "pudong.staff")
    sw = actor(demo, "pudong.sw1")
    ids = list(case_ids(demo, sw, CaseQuery()))[:20]
    full = {r.id: r.id_number for r in case_rows(demo, sw, ids)}
    masked = {r.id: r.id_number for r in case_rows(demo, staff, ids)}
    for case_id, number in full.items():
        if number:
            assert masked[case_id] == number[:6] + "********" + number[-4:]


def test_each_search_is_audited(demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    case_ids(demo, city, CaseQuery(text="王"))
    event = demo.scalars(select(AuditEvent).where(AuditEvent.action == "case.list")).one()
    assert event.user_id == city.user_id
    assert '"query": "王"' in event.detail
