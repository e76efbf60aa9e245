"""Every service, as every role, in its own and in a foreign district: no foreign read or
write succeeds, and a refusal never says whether the record exists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker.models import AuditEvent, Case, CaseEvent, Note, SupportItem, utcnow
from caseworker.policy.instrument import instruments
from caseworker.services.beds.summary import district_beds
from caseworker.services.cases import approvals, assessments, casework
from caseworker.services.cases.detail import case_detail
from caseworker.services.cases.flow import TransitionRequest, request_transition, transition_options
from caseworker.services.cases.listing import CaseQuery, case_ids, case_rows
from caseworker.services.cases.my_work import my_work
from caseworker.services.cases.timeline import timeline
from caseworker.services.cases.transfers import request_transfer
from caseworker.services.children.duplicates import find_candidates
from caseworker.services.errors import AccessDenied, NotFound
from tests.support.casework import add_guardian, new_case
from tests.support.factories import actor, build_small_demo

ROLES = ["staff", "sw1", "manager"]
DENIED = (AccessDenied, NotFound)


@pytest.fixture
def pudong_case(engine, session):  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=40)
    sw = actor(session, "pudong.sw1")
    case = new_case(session, sw, name="范围测试")
    guardian = add_guardian(session, case.child_id)
    request_transition(session, sw, case.id, TransitionRequest("start_emergency"))
    request_transition(
        session,
        sw,
        case.id,
        TransitionRequest("start_temporary_guardianship", care_form="institution_bed"),
    )
    pending = approvals.pending_for(session, actor(session, "pudong.manager"))[0].id
    return case.id, case.child_id, guardian.id, pending


def _calls(case_id: int, child_id: int, guardian_id: int, approval_id: int):  # type: ignore[no-untyped-def]
    inst = instruments()[0]
    due = utcnow().date() + timedelta(days=7)
    return {
        "case_detail": lambda s, a: case_detail(s, a, case_id),
        "timeline": lambda s, a: timeline(s, a, case_id),
        "options": lambda s, a: transition_options(s, a, case_id),
        "move": lambda s, a: request_transition(
            s, a, case_id, TransitionRequest("emergency_to_assessment")
        ),
        "emergency": lambda s, a: casework.record_emergency_action(
            s,
            a,
            case_id,
            action_code="fast_search",
            acted_by="民警",
            acted_at=utcnow(),
            child_whereabouts="家中",
        ),
        "investigation": lambda s, a: casework.record_investigation(
            s, a, case_id, safety="x", guardianship="", physical_health="", mental_health=""
        ),
        "support": lambda s, a: casework.add_support_item(
            s, a, case_id, service_code="medical", provider="医院", due_on=due
        ),
        "note": lambda s, a: casework.add_note(s, a, case_id, "x"),
        "risk": lambda s, a: casework.set_risk(s, a, case_id, "low", "x"),
        "transfer": lambda s, a: request_transfer(
            s, a, case_id, kind="district", to_district="310104", reason="x"
        ),
        "assessment": lambda s, a: assessments.start_assessment(s, a, case_id, guardian_id, inst),
        "decide": lambda s, a: approvals.decide(s, a, approval_id, approve=True),
        "rows": lambda s, a: _must_see(case_rows(s, a, [case_id])),
    }


def _must_see(rows):  # type: ignore[no-untyped-def]
    if not rows:
        raise NotFound("not visible")
    return rows


def _footprint(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(
        session.scalar(select(func.count()).select_from(m)) for m in (CaseEvent, Note, SupportItem)
    )


@pytest.mark.parametrize("role", ROLES + ["admin"])
def test_foreign_district_and_admin_get_nothing(session, pudong_case, role) -> None:  # type: ignore[no-untyped-def]
    username = "admin" if role == "admin" else f"huangpu.{role}"
    who = actor(session, username)
    before = _footprint(session)
    messages = set()
    for call in _calls(*pudong_case).values():
        with pytest.raises(DENIED) as err:
            call(session, who)
        session.rollback()
        messages.add(err.value.message)
    assert _footprint(session) == before, "a refused call left rows behind"
    # The case never shows up in the foreign user's list or work.
    if role != "admin":
        assert pudong_case[0] not in case_ids(session, who, CaseQuery())
        assert all(w.case_id != pudong_case[0] for w in my_work(session, who, date.today()))
        assert {b.district_code for b in district_beds(session, who)} == {"310101"}
    # No refusal names the case or child, so it cannot confirm that they exist.
    case = session.get(Case, pudong_case[0])
    assert not any(case.case_number in m or "范围测试" in m for m in messages)
    assert len(messages) <= 4  # a handful of fixed sentences, not per-record detail


@pytest.mark.parametrize("role", ROLES + ["city"])
def test_own_district_and_city_can_read(session, pudong_case, role) -> None:  # type: ignore[no-untyped-def]
    who = actor(session, "city" if role == "city" else f"pudong.{role}")
    calls = _calls(*pudong_case)
    for name in ("case_detail", "timeline", "options", "rows"):
        calls[name](session, who)
    assert pudong_case[0] in case_ids(session, who, CaseQuery())
    if role == "staff":  # institution staff read cases; casework is recorded by others
        with pytest.raises(AccessDenied, match="不能记录|not record"):
            calls["note"](session, who)
    else:
        calls["note"](session, who)


def test_only_managers_decide_and_duplicates_hide_foreign_children(session, pudong_case) -> None:  # type: ignore[no-untyped-def]
    case_id, child_id, _g, approval_id = pudong_case
    with pytest.raises(AccessDenied):
        approvals.decide(session, actor(session, "pudong.sw1"), approval_id, approve=True)
    approvals.decide(session, actor(session, "pudong.manager"), approval_id, approve=True)
    from caseworker.models import Child

    child = session.get(Child, child_id)
    foreign = actor(session, "huangpu.sw1")
    found = find_candidates(session, foreign, child.name, child.birth_date, None)
    assert all(c.child_id != child_id for c in found)


def test_refusals_are_audited_only_as_what_happened(session, pudong_case) -> None:  # type: ignore[no-untyped-def]
    """A refused foreign read writes no 'case.view' for the foreign user."""
    who = actor(session, "huangpu.manager")
    with pytest.raises(DENIED):
        case_detail(session, who, pudong_case[0])
    session.rollback()
    views = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.user_id == who.user_id, AuditEvent.action == "case.view")
    )
    assert views == 0
