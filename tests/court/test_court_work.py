"""Interventions and their follow-up, the calendar, the reminders in "my work", and the
warning that civil affairs must petition when nobody else has."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseworker.models import EmergencyAction, FamilyMember, utcnow
from caseworker.services.cases.interventions import (
    add_intervention,
    interventions_of,
    record_compliance_check,
)
from caseworker.services.cases.my_work import my_work
from caseworker.services.court import petitions as court
from caseworker.services.court import sessions as court_sessions
from caseworker.services.court.grounds import grounds_view
from caseworker.services.court.rulings import RulingInput, correct_ruling, record_ruling
from caseworker.services.court.work import court_calendar
from caseworker.services.errors import ValidationError
from tests.court.helpers import World, petition_input


def _court_items(w: World):  # type: ignore[no-untyped-def]
    return [i for i in my_work(w.session, w.sw, w.today) if i.case_id == w.case.id]


def test_protection_order_expiry_is_on_my_work_and_the_calendar(world: World) -> None:
    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w, "protection_order"))
    start = w.today - timedelta(days=5)
    out = record_ruling(
        s,
        w.sw,
        p.id,
        RulingInput(
            "granted", start, order_valid_from=start, order_valid_until=w.today + timedelta(days=40)
        ),
    )
    assert not [i for i in _court_items(w) if "保护令" in i.title]  # 40 days away: not yet
    assert [e.kind for e in court_calendar(s, w.sw, w.today)] == ["order_expiry"]
    # Corrected to expire in 5 days: the current ruling counts, not the superseded one.
    soon = w.today + timedelta(days=5)
    correct_ruling(
        s,
        w.sw,
        out.ruling_id,
        RulingInput("granted", start, order_valid_from=start, order_valid_until=soon),
    )
    orders = [i for i in _court_items(w) if "保护令" in i.title]
    assert [(i.group, i.due, i.basis) for i in orders] == [
        ("due_soon", soon, "反家庭暴力法第三十条")
    ]
    assert [e.on for e in court_calendar(s, w.sw, w.today)] == [soon]
    # A new protection-order petition (an extension) takes it off the list.
    court.create_petition(s, w.sw, w.case.id, petition_input(w, "protection_order", filed_on=None))
    assert not [i for i in _court_items(w) if "保护令" in i.title]


def test_hearings_remind_before_and_after(world: World) -> None:
    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    past = court_sessions.schedule_hearing(
        s, w.sw, p.id, kind="hearing", scheduled_on=w.today - timedelta(days=2), place="第三法庭"
    )
    court_sessions.schedule_hearing(
        s,
        w.sw,
        p.id,
        kind="pronouncement",
        scheduled_on=w.today + timedelta(days=3),
        time_text="14:00",
    )
    groups = sorted((i.group, i.title) for i in _court_items(w) if "庭审" in i.title)
    assert groups == [("due_soon", "庭审：宣判"), ("overdue", "请记录庭审（开庭）情况。")]
    court_sessions.record_hearing_outcome(
        s, w.sw, past.id, outcome="adjourned", note="被申请人未到庭"
    )
    assert [i.group for i in _court_items(w) if "庭审" in i.title] == ["due_soon"]
    [entry] = court_calendar(s, w.sw, w.today)
    assert "14:00" in entry.detail and "上海市浦东新区人民法院" in entry.detail


def test_intervention_and_compliance_follow_up(world: World) -> None:
    w, s = world, world.session
    with pytest.raises(ValidationError) as err:
        add_intervention(
            s,
            w.sw,
            w.case.id,
            member_id=w.father.id,
            kind="family_education_order",
            issuing_body="police",
            issuer="花木派出所",
            issued_on=w.today,
        )
    assert set(err.value.errors) == {"issuing_body"}  # a court's order
    g = add_intervention(
        s,
        w.sw,
        w.case.id,
        member_id=w.father.id,
        kind="family_education_order",
        issuing_body="court",
        issuer="上海市浦东新区人民法院",
        issued_on=w.today - timedelta(days=30),
        requirements="每周参加一次家庭教育指导课程",
        first_check_on=w.today - timedelta(days=1),
    )
    [view] = interventions_of(s, w.sw, w.case.id, w.today)
    assert (view.due, view.member_name) == ("overdue", "王强")
    assert [i.group for i in _court_items(w) if "回访" in i.title] == ["overdue"]
    with pytest.raises(ValidationError) as err:
        record_compliance_check(s, w.sw, g.id, checked_on=w.today, result="partly")
    assert set(err.value.errors) == {"note"}
    record_compliance_check(
        s,
        w.sw,
        g.id,
        checked_on=w.today,
        result="partly",
        note="缺课两次",
        next_check_on=w.today + timedelta(days=14),
    )
    [view] = interventions_of(s, w.sw, w.case.id, w.today)
    assert view.next_check_on == w.today + timedelta(days=14) and view.due == ""
    assert not [i for i in _court_items(w) if "回访" in i.title]
    assert [e.kind for e in court_calendar(s, w.sw, w.today)] == ["compliance"]


def test_civil_affairs_must_petition_when_nobody_else_has(world: World) -> None:
    w, s = world, world.session
    father = s.get(FamilyMember, w.father.id)
    father.refusing_duties_since = w.today - timedelta(days=300)
    s.commit()
    view = grounds_view(s, w.sw, w.case.id, w.today)
    refusal = next(g for g in view.grounds if g.code == "refusal_6_months")
    assert refusal.holds is True and "沪府规〔2020〕29号" in refusal.basis
    assert [c.name for c in view.clocks] == ["王强"] and view.clocks[0].clock.passed
    duty = view.must_petition
    assert duty is not None and duty.overdue and "§四(四)" in duty.message
    assert any("2025-12-31" in text for text in view.warnings)  # SH2020-29 has expired
    [item] = [i for i in _court_items(w) if "民政部门应申请" in i.title]
    assert item.group == "overdue" and item.basis.startswith("沪府规〔2020〕29号 §四(四)")

    # A petition by a relative (not yet ruled) ends the duty.
    court.create_petition(
        s,
        w.sw,
        w.case.id,
        petition_input(
            w,
            petitioner_kind="relative",
            petitioner_name="李秀英",
            grounds=("refusal_6_months",),
            evidence=(),
        ),
    )
    assert grounds_view(s, w.sw, w.case.id, w.today).must_petition is None
    assert not [i for i in _court_items(w) if "民政部门应申请" in i.title]


def test_serious_harm_on_record_starts_the_duty_too(world: World) -> None:
    w, s = world, world.session
    s.add(
        EmergencyAction(
            case_id=w.case.id,
            action_code="domestic_violence",
            acted_by="花木派出所",
            acted_at=utcnow() - timedelta(days=10),
            child_whereabouts="保护中心",
            recorded_by=w.sw.user_id,
        )
    )
    s.commit()
    duty = grounds_view(s, w.sw, w.case.id, w.today).must_petition
    assert duty is not None and not duty.overdue  # 30 days to let others petition
    assert duty.due == w.today - timedelta(days=10) + timedelta(days=30)
