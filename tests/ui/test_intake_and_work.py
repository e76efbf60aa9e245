"""New report, the duplicate choice, moving a case and approving it — through the dialogs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from caseworker.models import Case, Child
from caseworker.models.base import SHANGHAI
from caseworker.policy.id_number import check_character
from caseworker.ui.cases.actions import TransitionDialog
from caseworker.ui.cases.intake_dialog import IntakeDialog
from caseworker.ui.cases.my_work_page import MyWorkPage
from caseworker.ui.shell.db_lane import DbLane
from tests.support.factories import actor

pytestmark = pytest.mark.gui


@pytest.fixture
def lane(demo_ctx, qtbot):  # type: ignore[no-untyped-def]
    lane = DbLane(demo_ctx.sessions)
    yield lane
    lane.shutdown()


def _who(ctx, name):  # type: ignore[no-untyped-def]
    with ctx.sessions() as s:
        return actor(s, name)


def _fill(dialog: IntakeDialog, name: str) -> None:
    dialog.situations["alone_or_missing"].setChecked(True)
    dialog.narrative.setPlainText("居委会反映儿童独自在家三天。")
    dialog.name.setText(name)


def test_bad_report_is_marked_and_kept(qtbot, demo_ctx, lane) -> None:  # type: ignore[no-untyped-def]
    dialog = IntakeDialog(lane, _who(demo_ctx, "pudong.sw1"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.district.count() == 1)
    dialog.name.setText("陈喆")
    body = "31011520150308001"
    wrong = "0" if check_character(body) != "0" else "1"
    dialog.id_number.setText(body + wrong)  # wrong check character
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.errors.errors_shown()), timeout=10000)
    marked = dialog.errors.errors_shown()
    assert {"narrative", "situations", "id_number"} <= set(marked)
    assert dialog.name.text() == "陈喆"  # nothing typed is lost
    assert dialog.result() == 0 and dialog.case_id is None


def test_duplicate_choice_then_same_child(qtbot, demo_ctx, lane) -> None:  # type: ignore[no-untyped-def]
    with demo_ctx.sessions() as s:
        known = s.scalars(
            select(Child).where(
                Child.residence_district_code == "310115", Child.birth_date.is_not(None)
            )
        ).first()
        name, born, child_id = known.name, known.birth_date, known.id
    dialog = IntakeDialog(lane, _who(demo_ctx, "pudong.sw1"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.district.count() == 1)
    _fill(dialog, name)
    dialog.birth_known.setChecked(True)
    dialog.birth_date.setDate(born)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.dup_box.isVisible, timeout=10000)
    assert dialog.candidates[0].child_id == child_id
    dialog.dup_table.selectRow(0)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.same_button, Qt.MouseButton.LeftButton)
    with demo_ctx.sessions() as s:
        assert s.get(Case, dialog.case_id).child_id == child_id


def test_move_needing_approval_reaches_the_managers_work(qtbot, demo_ctx, lane) -> None:  # type: ignore[no-untyped-def]
    sw = _who(demo_ctx, "pudong.sw1")
    intake = IntakeDialog(lane, sw)
    qtbot.addWidget(intake)
    qtbot.waitUntil(lambda: intake.district.count() == 1)
    _fill(intake, "新生儿童甲")
    with qtbot.waitSignal(intake.accepted, timeout=10000):
        intake.submit(confirmed_new=True)
    case_id = intake.case_id

    move = TransitionDialog(None, lane, sw, case_id)
    qtbot.addWidget(move)
    qtbot.waitUntil(lambda: move.choices.count() > 0, timeout=10000)
    codes = [o.code for o in move.options]
    move.choices.setCurrentRow(codes.index("start_emergency"))
    with qtbot.waitSignal(move.accepted, timeout=10000):
        move.submit()
    move2 = TransitionDialog(None, lane, sw, case_id)
    qtbot.addWidget(move2)
    qtbot.waitUntil(lambda: move2.choices.count() > 0, timeout=10000)
    codes = [o.code for o in move2.options]
    move2.choices.setCurrentRow(codes.index("start_temporary_guardianship"))
    move2.care_form.setCurrentIndex(move2.care_form.findData("relative"))
    move2.submit()  # no caregiver named: marked at the field, dialog stays
    qtbot.waitUntil(lambda: "caregiver" in move2.errors.errors_shown(), timeout=10000)
    move2.caregiver.setText("外婆 王某")
    with qtbot.waitSignal(move2.accepted, timeout=10000):
        move2.submit()
    assert "审批" in move2.result_text

    work = MyWorkPage(lane, _who(demo_ctx, "pudong.manager"))
    qtbot.addWidget(work)
    work.refresh()
    qtbot.waitUntil(lambda: any(w.group == "approval" for w in work.items), timeout=10000)
    row = next(
        i for i, w in enumerate(work.items) if w.group == "approval" and w.case_id == case_id
    )
    work.table.selectRow(row)
    assert work.approve_button.isEnabled()
    with qtbot.waitSignal(work.status_message, timeout=10000):
        qtbot.mouseClick(work.approve_button, Qt.MouseButton.LeftButton)
    with demo_ctx.sessions() as s:
        assert s.get(Case, case_id).stage == "temporary_guardianship"
    assert date.today()  # the page refreshes itself after a decision
    qtbot.waitUntil(
        lambda: not any(w.case_id == case_id and w.group == "approval" for w in work.items),
        timeout=10000,
    )


def test_the_report_time_is_shanghai_time_on_any_computer(qtbot, demo_ctx, lane) -> None:  # type: ignore[no-untyped-def]
    """The CI machine runs on UTC: the field must still show (and mean) Shanghai time."""
    dialog = IntakeDialog(lane, _who(demo_ctx, "pudong.sw1"))
    qtbot.addWidget(dialog)
    before = datetime.now(SHANGHAI).replace(second=0, microsecond=0)
    shown = datetime.strptime(dialog.received_at.text(), "%Y-%m-%d %H:%M")
    after = datetime.now(SHANGHAI).replace(second=0, microsecond=0)
    assert shown.replace(tzinfo=SHANGHAI) in (before, after)
    received = dialog.report_input().received_at
    assert received.tzinfo is not None
    assert abs((received - datetime.now(UTC)).total_seconds()) < 120
