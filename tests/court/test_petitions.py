"""Each petition's life through the services — filed, heard, ruled — and what a ruling
changes on the case, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.models import Case, FamilyMember, MemberCondition, Ruling
from caseworker.services.cases.flow import TransitionRefused, TransitionRequest, request_transition
from caseworker.services.court import petitions as court
from caseworker.services.court import sessions as court_sessions
from caseworker.services.court.rulings import RulingInput, correct_ruling, record_ruling
from caseworker.services.court.views import petitions_of
from caseworker.services.errors import ValidationError
from tests.court.helpers import World, petition_input


def _close(w: World, reason: str):  # type: ignore[no-untyped-def]
    req = TransitionRequest("close", reason=reason)
    return request_transition(w.session, w.manager, w.case.id, req)


def test_revocation_filed_heard_granted_moves_the_case(world: World) -> None:
    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w, filed_on=None))
    assert petitions_of(s, w.sw, w.case.id, w.today)[0].status == "draft"
    with pytest.raises(ValidationError) as err:
        court_sessions.schedule_hearing(s, w.sw, p.id, kind="hearing", scheduled_on=w.today)
    assert set(err.value.errors) == {"scheduled_on"}  # a draft has no hearings

    filed = w.today - timedelta(days=10)
    court.record_filing(s, w.sw, p.id, filed_on=filed, court_case_number="(2026)沪0115民特123号")
    assert p.court_case_number == "（2026）沪0115民特123号"  # stored in the printed form
    with pytest.raises(ValidationError, match="已记录|already"):
        court.record_filing(
            s, w.sw, p.id, filed_on=filed, court_case_number="（2026）沪0115民特9号"
        )

    req = court_sessions.request_support(
        s, w.sw, p.id, procuratorate="上海市浦东新区人民检察院", requested_on=filed
    )
    court_sessions.record_support_answer(
        s, w.sw, req.id, answer="supported", answered_on=w.today, note="同意支持起诉"
    )
    h = court_sessions.schedule_hearing(
        s, w.sw, p.id, kind="hearing", scheduled_on=w.today - timedelta(days=1), time_text="09:30"
    )
    court_sessions.record_hearing_outcome(s, w.sw, h.id, outcome="held", note="双方到庭，当庭质证")
    with pytest.raises(ValidationError):
        court_sessions.record_hearing_outcome(s, w.sw, h.id, outcome="held", note="再记一次")

    # Before the ruling, the court's designation is missing: closure on it is refused.
    with pytest.raises(TransitionRefused) as refused:
        _close(w, "court_designated_guardian")
    assert "court_order" in {r.rule for r in refused.value.refusals}

    out = record_ruling(
        s, w.sw, p.id, RulingInput("granted", w.today, "撤销王强的监护人资格", "person", "李秀英")
    )
    assert out.guardian_changed and out.closure_reason == "court_designated_guardian"
    father = s.get(FamilyMember, w.father.id)
    assert father.is_guardian is False
    cond = s.scalars(select(MemberCondition).where(MemberCondition.member_id == father.id)).one()
    assert (cond.condition_code, cond.since) == ("guardianship_revoked", w.today)
    new = s.get(FamilyMember, s.get(Ruling, out.ruling_id).new_guardian_id)
    assert (new.name, new.relationship_code, new.is_guardian) == (
        "李秀英",
        "designated_guardian",
        True,
    )
    assert court.has_court_order(s, w.case.id)
    view = petitions_of(s, w.sw, w.case.id, w.today)[0]
    assert view.status == "granted" and view.support_requests[0].answer == "supported"

    # A correction is a new row; the decision itself cannot be undone by a correction.
    fixed = correct_ruling(
        s, w.sw, out.ruling_id, RulingInput("granted", w.today, "更正摘要", "person", "李秀英")
    )
    assert s.get(Ruling, fixed.ruling_id).supersedes_id == out.ruling_id
    with pytest.raises(ValidationError, match="监护人|guardian"):
        correct_ruling(s, w.sw, fixed.ruling_id, RulingInput("denied", w.today))
    assert court.has_court_order(s, w.case.id)

    assert _close(w, "court_designated_guardian").executed
    assert s.get(Case, w.case.id).stage == "closed"


def test_change_of_guardian_to_the_city_institution(world: World) -> None:
    w, s = world, world.session
    p = court.create_petition(
        s, w.sw, w.case.id, petition_input(w, "change_guardian", respondent_id=w.mother.id)
    )
    out = record_ruling(
        s,
        w.sw,
        p.id,
        RulingInput("granted", w.today, new_guardian_kind="city_child_welfare_institution"),
    )
    assert out.closure_reason == "long_term_guardianship_cwi"
    mother = s.get(FamilyMember, w.mother.id)
    assert mother.is_guardian is False
    # A change of guardian is not a revocation: no 被撤销监护资格 condition.
    assert (
        s.scalars(select(MemberCondition).where(MemberCondition.member_id == mother.id)).all() == []
    )
    cwi = s.scalars(select(FamilyMember).where(FamilyMember.relationship_code == "city_cwi")).one()
    assert cwi.name == "上海市儿童福利院" and cwi.is_guardian
    assert _close(w, "long_term_guardianship_cwi").executed


def test_denial_returns_the_case_to_support_once_nothing_else_is_pending(world: World) -> None:
    w, s = world, world.session
    support = court.create_petition(s, w.sw, w.case.id, petition_input(w, "child_support"))
    revoke = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    out = record_ruling(s, w.sw, revoke.id, RulingInput("denied", w.today, "证据不足"))
    assert out.moved_to is None and s.get(Case, w.case.id).stage == "intervention"
    assert not court.has_court_order(s, w.case.id)
    assert s.get(FamilyMember, w.father.id).is_guardian  # nothing changed in the family

    out = record_ruling(s, w.sw, support.id, RulingInput("withdrawn", w.today, "当事人和解"))
    assert out.moved_to is None  # a withdrawal moves nothing
    statuses = {v.petition.id: v.status for v in petitions_of(s, w.sw, w.case.id, w.today)}
    assert statuses == {support.id: "withdrawn", revoke.id: "denied"}

    again = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    out = record_ruling(s, w.sw, again.id, RulingInput("denied", w.today))
    assert out.moved_to == "support" and s.get(Case, w.case.id).stage == "support"
    with pytest.raises(ValidationError, match="更正|correct"):
        record_ruling(
            s, w.sw, again.id, RulingInput("granted", w.today, new_guardian_kind="person")
        )


def test_protection_order_validity_is_checked(world: World) -> None:
    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w, "protection_order"))
    with pytest.raises(ValidationError) as err:
        record_ruling(
            s,
            w.sw,
            p.id,
            RulingInput(
                "granted",
                w.today,
                order_valid_from=w.today,
                order_valid_until=w.today + timedelta(days=200),
            ),
        )
    assert set(err.value.errors) == {"order_valid_until"}
    until = w.today + timedelta(days=180)
    out = record_ruling(
        s,
        w.sw,
        p.id,
        RulingInput("granted", w.today, order_valid_from=w.today, order_valid_until=until),
    )
    assert out.closure_reason is None and not court.has_court_order(s, w.case.id)
    assert petitions_of(s, w.sw, w.case.id, w.today)[0].ruling.order_valid_until == until


def test_petition_fields_are_checked_and_named(world: World) -> None:
    w, s = world, world.session
    bad = petition_input(
        w,
        petitioner_name=" ",
        grounds=(),
        facts="",
        proposed_guardian_kind=None,
        court_case_number="（2026）沪0101民特5号",
    )
    with pytest.raises(ValidationError) as err:
        court.create_petition(s, w.sw, w.case.id, bad)
    assert {"petitioner_name", "grounds", "facts", "proposed_guardian_kind"} <= set(
        err.value.errors
    )
    # The number is of 黄浦's court, the petition is before 浦东's: the message names both.
    assert "上海市黄浦区人民法院" in err.value.errors["court_case_number"]
    too_early = petition_input(w, grounds=("refusal_6_months",), evidence=())
    with pytest.raises(ValidationError) as err:
        court.create_petition(s, w.sw, w.case.id, too_early)
    assert set(err.value.errors) == {"grounds"}  # nobody has refused duties for 6 months
    for text in (
        "2026沪0115民特1号",
        "（2026）沪0115刑初1号",
        "（2026）沪0199民特1号",
        "（2026）沪0115民特号",
    ):
        with pytest.raises(ValidationError) as err:
            court.create_petition(s, w.sw, w.case.id, petition_input(w, court_case_number=text))
        assert set(err.value.errors) == {"court_case_number"}
        assert "法院案号" in err.value.message


def test_a_foreign_district_can_neither_read_nor_write(world: World) -> None:
    from caseworker.services.cases.interventions import add_intervention, interventions_of
    from caseworker.services.court.letters import petition_letter_fields
    from caseworker.services.court.work import court_calendar
    from caseworker.services.errors import NotFound

    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    h = court_sessions.schedule_hearing(
        s, w.sw, p.id, kind="hearing", scheduled_on=w.today + timedelta(days=3)
    )
    calls = [
        lambda: petitions_of(s, w.foreign, w.case.id, w.today),
        lambda: court.create_petition(s, w.foreign, w.case.id, petition_input(w)),
        lambda: court.record_filing(s, w.foreign, p.id, filed_on=w.today),
        lambda: court_sessions.schedule_hearing(
            s, w.foreign, p.id, kind="hearing", scheduled_on=w.today
        ),
        lambda: court_sessions.record_hearing_outcome(
            s, w.foreign, h.id, outcome="cancelled", note=""
        ),
        lambda: record_ruling(s, w.foreign, p.id, RulingInput("denied", w.today)),
        lambda: petition_letter_fields(s, w.foreign, p.id),
        lambda: interventions_of(s, w.foreign, w.case.id, w.today),
        lambda: add_intervention(
            s,
            w.foreign,
            w.case.id,
            member_id=w.father.id,
            kind="admonition",
            issuing_body="police",
            issuer="花木派出所",
            issued_on=w.today,
        ),
    ]
    for call in calls:
        s.rollback()
        with pytest.raises(NotFound):
            call()
    s.rollback()
    assert court_calendar(s, w.foreign, w.today) == []
    assert [e.kind for e in court_calendar(s, w.sw, w.today)] == ["hearing"]
