"""One case from report to closure through the services, with every rule that can refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseworker.models import Attachment, Case, CaseEvent, FamilyMember, utcnow
from caseworker.policy.instrument import load_instrument
from caseworker.services.cases import approvals, assessments, casework
from caseworker.services.cases.access import load_case
from caseworker.services.cases.detail import case_detail
from caseworker.services.cases.flow import (
    TransitionRefused,
    TransitionRequest,
    request_transition,
    transition_options,
)
from caseworker.services.cases.my_work import my_work
from caseworker.services.cases.timeline import timeline
from caseworker.services.cases.transfers import (
    decide_transfer,
    incoming_transfers,
    request_transfer,
)
from caseworker.services.errors import AccessDenied, NotFound, ValidationError
from tests.support.casework import add_guardian, backdate_guardianship, new_case
from tests.support.factories import actor, build_small_demo

INSTRUMENT = ("capacity-DB31T1305-2021", "1")


@pytest.fixture
def world(engine, session):  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=60)
    sw = actor(session, "pudong.sw1")
    return session, sw, actor(session, "pudong.manager")


def _move(session, who, case, code, **kw):  # type: ignore[no-untyped-def]
    return request_transition(session, who, case.id, TransitionRequest(code, **kw))


def _approve_all(session, manager, comment=""):  # type: ignore[no-untyped-def]
    for row in approvals.pending_for(session, manager):
        approvals.decide(session, manager, row.id, approve=True, comment=comment)


def _finished_assessment(session, sw, case, guardian, *, capable: bool, days_ago: int = 0):  # type: ignore[no-untyped-def]
    inst = load_instrument(*INSTRUMENT)
    a = assessments.start_assessment(session, sw, case.id, guardian.id, inst)
    scores = {i.code: (4 if capable else 1) for i in inst.indicators()}
    assessments.save_draft(
        session,
        sw,
        a.id,
        scores=scores,
        conclusion="监护人配合，照料到位。",
        recommendation="return" if capable else "temporary_guardianship",
        assessed_on=utcnow().date() - timedelta(days=days_ago),
    )
    return assessments.finalise(session, sw, a.id)


def test_report_to_closure_with_every_step_recorded(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, manager = world
    case = new_case(session, sw, name="林玥")
    mother = add_guardian(session, case.child_id)

    _move(session, sw, case, "start_emergency")
    casework.record_emergency_action(
        session,
        sw,
        case.id,
        action_code="escorted_to_institution",
        acted_by="花木派出所 张警官",
        acted_at=utcnow() - timedelta(hours=1),
        child_whereabouts="浦东新区未成年人保护中心",
    )
    _move(session, sw, case, "emergency_to_assessment")
    casework.record_investigation(
        session,
        sw,
        case.id,
        safety="无人照料",
        guardianship="母亲外出务工",
        physical_health="良好",
        mental_health="焦虑",
    )

    # Support needs an approved capacity assessment: refused first, with the rule named.
    with pytest.raises(TransitionRefused) as refused:
        _move(session, sw, case, "start_support")
    assert [r.rule for r in refused.value.refusals] == ["capacity_assessed"]
    assert "capacity_assessed_on" in refused.value.refusals[0].missing

    # A draft is saved and resumed; finishing it sends the conclusion to the manager.
    inst = load_instrument(*INSTRUMENT)
    draft = assessments.start_assessment(session, sw, case.id, mother.id, inst)
    assessments.save_draft(session, sw, draft.id, scores={"Q1": 2}, conclusion="")
    with pytest.raises(ValidationError) as err:
        assessments.finalise(session, sw, draft.id)
    assert set(err.value.errors) == {"scores", "conclusion", "recommendation", "assessed_on"}
    scores = {i.code: 1 for i in inst.indicators()}
    assessments.save_draft(
        session,
        sw,
        draft.id,
        scores=scores,
        conclusion="监护能力不足",
        recommendation="temporary_guardianship",
        assessed_on=utcnow().date(),
    )
    final = assessments.finalise(session, sw, draft.id)
    assert final.status == "final" and final.grade == "absent" and final.finds_capacity is False
    with pytest.raises(ValidationError, match="锁定|locked"):
        assessments.save_draft(session, sw, final.id, scores=scores)
    with pytest.raises(TransitionRefused):  # not yet approved by the manager
        _move(session, sw, case, "start_support")
    _approve_all(session, manager)
    assert _move(session, sw, case, "start_support").executed

    item = casework.add_support_item(
        session,
        sw,
        case.id,
        service_code="family_education",
        provider="社工站",
        due_on=utcnow().date() - timedelta(days=1),
    )
    work = my_work(session, sw, utcnow().date())
    assert any(w.group == "overdue" and w.case_id == case.id for w in work)

    # Temporary guardianship needs the manager: the request waits in the queue.
    outcome = _move(session, sw, case, "start_temporary_guardianship", care_form="institution_bed")
    assert not outcome.executed and outcome.stage == "support"
    assert any(w.group == "approval" for w in my_work(session, manager, utcnow().date()))
    _approve_all(session, manager)
    assert session.get(Case, case.id).stage == "temporary_guardianship"
    assert any(w.group == "answer" for w in my_work(session, sw, utcnow().date()))

    # Return to the guardian: refused until an assessment after guardianship began finds capacity.
    backdate_guardianship(session, case.id, days=30)
    with pytest.raises(TransitionRefused) as refused:
        _move(session, sw, case, "return_to_guardian")
    assert "capacity_restored" in {r.rule for r in refused.value.refusals}
    correction = assessments.correct(session, sw, final.id)
    assert correction.version == 2 and correction.supersedes_id == final.id
    assessments.save_draft(
        session,
        sw,
        correction.id,
        scores={i.code: 4 for i in inst.indicators()},
        conclusion="母亲返沪，具备监护能力",
        recommendation="return",
        assessed_on=utcnow().date(),
    )
    assessments.finalise(session, sw, correction.id)
    _approve_all(session, manager)
    assert not _move(session, sw, case, "return_to_guardian").executed
    _approve_all(session, manager)
    assert session.get(Case, case.id).stage == "support"
    detail = case_detail(session, sw, case.id)
    assert detail.guardianship is None  # ended by the return

    casework.update_support_item(session, sw, item.id, status="done", outcome="完成8次家庭教育指导")
    with pytest.raises(TransitionRefused) as refused:
        _move(session, sw, case, "close")
    assert "reason_required" in {r.rule for r in refused.value.refusals}
    _move(session, sw, case, "close", reason="guardian_capable")
    _approve_all(session, manager)
    closed = session.get(Case, case.id)
    assert closed.stage == "closed" and closed.closure_reason == "guardian_capable"
    assert closed.closed_at is not None

    with pytest.raises(TransitionRefused):
        _move(session, sw, case, "reopen_assessment")  # a reason is required
    _move(session, sw, case, "reopen_assessment", reason_text="学校再次报告无人接送")
    _approve_all(session, manager)
    assert session.get(Case, case.id).stage == "assessment"

    stages = [
        (e.from_stage, e.to_stage)
        for e in session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind == "transition")
            .order_by(CaseEvent.id)
        )
    ]
    assert stages == [
        (None, "report"),
        ("report", "emergency"),
        ("emergency", "assessment"),
        ("assessment", "support"),
        ("support", "temporary_guardianship"),
        ("temporary_guardianship", "support"),
        ("support", "closed"),
        ("closed", "assessment"),
    ]
    kinds = {e.kind for e in timeline(session, sw, case.id)}
    assert kinds >= {
        "transition",
        "report",
        "emergency",
        "investigation",
        "assessment",
        "support",
        "approval",
    }
    assert all(e.who for e in timeline(session, sw, case.id) if e.kind != "report")


def test_refusals_say_which_rule(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, manager = world
    case = new_case(session, sw)
    with pytest.raises(TransitionRefused) as refused:
        _move(session, sw, case, "start_support")  # wrong stage
    assert "wrong_stage" in {r.rule for r in refused.value.refusals}
    _move(session, sw, case, "accept_for_assessment")
    with pytest.raises(TransitionRefused) as refused:
        _move(session, manager, case, "close", reason="reached_adulthood")
    assert {r.rule for r in refused.value.refusals} == {"adult"}
    assert "SH2022-4" in str(refused.value) or "§" in str(refused.value)
    with pytest.raises(TransitionRefused) as refused:
        _move(session, manager, case, "close", reason="cross_province_transfer")
    assert {r.rule for r in refused.value.refusals} == {"non_shanghai_hukou"}
    with pytest.raises(ValidationError) as err:
        _move(session, sw, case, "start_temporary_guardianship", care_form="relative")
    assert "caregiver" in err.value.errors
    options = {o.code: o for o in transition_options(session, sw, case.id)}
    assert options["start_support"].allowed is False
    assert options["close"].needs_approval


def test_approvals_need_a_manager_and_a_reason_to_reject(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, manager = world
    case = new_case(session, sw)
    _move(session, sw, case, "start_emergency")
    _move(session, sw, case, "start_temporary_guardianship", care_form="institution_bed")
    pending = approvals.pending_for(session, manager)
    assert len(pending) == 1 and approvals.pending_for(session, sw) == []
    with pytest.raises(AccessDenied):
        approvals.decide(session, sw, pending[0].id, approve=True)
    with pytest.raises(AccessDenied):
        approvals.decide(session, actor(session, "huangpu.manager"), pending[0].id, approve=True)
    with pytest.raises(ValidationError):
        approvals.decide(session, manager, pending[0].id, approve=False)
    approvals.decide(session, manager, pending[0].id, approve=False, comment="先委托亲属照料")
    assert session.get(Case, case.id).stage == "emergency"
    answers = approvals.answers_for(session, sw)
    assert answers[0].status == "rejected" and answers[0].comment == "先委托亲属照料"
    approvals.acknowledge(session, sw, answers[0].id)
    assert approvals.answers_for(session, sw) == []


def test_transfer_to_another_district(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, manager = world
    receiver = actor(session, "huangpu.manager")
    case = new_case(session, sw)
    with pytest.raises(ValidationError):
        request_transfer(session, sw, case.id, kind="district", to_district="310115", reason="x")
    transfer = request_transfer(
        session, sw, case.id, kind="district", to_district="310101", reason="家庭搬迁至黄浦区"
    )
    assert transfer.status == "awaiting_approval"
    assert incoming_transfers(session, receiver) == []
    _approve_all(session, manager)
    incoming = incoming_transfers(session, receiver)
    assert [t.id for t, _n, _c in incoming] == [transfer.id]
    with pytest.raises(AccessDenied):
        decide_transfer(session, manager, transfer.id, accept=True)
    decide_transfer(session, receiver, transfer.id, accept=True)
    moved = session.get(Case, case.id)
    assert moved.district_code == "310101" and moved.owner_id is None
    with pytest.raises(NotFound):
        load_case(session, sw, case.id)  # no longer in Pudong's scope
    assert load_case(session, actor(session, "huangpu.sw1"), case.id).id == case.id


def test_cross_province_referral_only_for_non_shanghai_children(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, _manager = world
    local = new_case(session, sw, name="本地儿")
    with pytest.raises(ValidationError) as err:
        request_transfer(
            session, sw, local.id, kind="cross_province", to_province="安徽省", reason="返乡"
        )
    assert "kind" in err.value.errors
    migrant = new_case(session, sw, name="外省儿", hukou_type="other", hukou_place="安徽省合肥市")
    t = request_transfer(
        session,
        sw,
        migrant.id,
        kind="cross_province",
        to_province="安徽省合肥市",
        receiving_agency="合肥市未成年人救助保护中心",
        reason="父母在原籍",
    )
    assert t.status == "awaiting_approval"


def test_notes_attachments_risk_and_owner(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, manager = world
    case = new_case(session, sw)
    note = casework.add_note(
        session,
        sw,
        case.id,
        "家访记录",
        (casework.NewAttachment("家访照片.jpg", b"\xff\xd8jpeg-bytes", "image/jpeg"),),
    )
    att = session.scalars(select(Attachment).where(Attachment.note_id == note.id)).one()
    assert len(att.sha256) == 64
    assert casework.read_attachment(session, sw, att.id).data == b"\xff\xd8jpeg-bytes"
    session.execute(update(Attachment).where(Attachment.id == att.id).values(data=b"tampered"))
    session.commit()
    with pytest.raises(ValidationError, match="damaged|损坏"):
        casework.read_attachment(session, sw, att.id)

    casework.set_risk(session, sw, case.id, "low", "已由亲属照料")
    with pytest.raises(ValidationError):
        casework.set_risk(session, sw, case.id, "high", "")
    risk_events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "risk")
    ).all()
    assert [(e.from_stage, e.value) for e in risk_events] == [("medium", "low")]

    other = actor(session, "pudong.sw2")
    with pytest.raises(AccessDenied):
        casework.reassign(session, sw, case.id, other.user_id)
    casework.reassign(session, manager, case.id, other.user_id, "工作量调整")
    assert session.get(Case, case.id).owner_id == other.user_id
    with pytest.raises(ValidationError):
        casework.reassign(session, manager, case.id, actor(session, "huangpu.sw1").user_id)


def test_a_foreign_district_can_neither_read_nor_write(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, _manager = world
    case = new_case(session, sw)
    foreign = actor(session, "huangpu.sw1")
    for call in (
        lambda: case_detail(session, foreign, case.id),
        lambda: timeline(session, foreign, case.id),
        lambda: casework.add_note(session, foreign, case.id, "x"),
        lambda: casework.set_risk(session, foreign, case.id, "high", "x"),
        lambda: _move(session, foreign, case, "start_emergency"),
    ):
        with pytest.raises(NotFound) as err:
            call()
        assert err.value.message == "您有权访问的区内没有此案件。"


def test_case_view_shows_categories_with_clauses_and_masks_the_reporter(world) -> None:  # type: ignore[no-untyped-def]
    session, sw, _manager = world
    case = new_case(session, sw, name="周珺")
    for role in ("father", "mother"):
        m = FamilyMember(child_id=case.child_id, name=role, relationship_code=role, deceased=True)
        session.add(m)
    session.commit()
    detail = case_detail(session, sw, case.id)
    codes = {c.code: c for c in detail.categories}
    assert "orphan" in codes and codes["orphan"].clause
    assert detail.reports[0].reporter_name == "李老师"
    staff_view = case_detail(session, actor(session, "pudong.staff"), case.id)
    assert staff_view.reports[0].reporter_name == "***"
    # The masked copy never reaches the database.
    session.expire_all()
    assert case_detail(session, sw, case.id).reports[0].reporter_name == "李老师"
