"""Through the panel: file a revocation petition, record a session and a granted ruling,
and see the guardian revoked and the court-designated closure become possible."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from caseworker.models import Approval, FamilyMember, MemberCondition, Note, utcnow
from caseworker.services.cases.flow import TransitionRequest, request_transition
from caseworker.services.court.petitions import has_court_order
from caseworker.ui.court.calendar import CourtCalendarPage
from caseworker.ui.court.dialogs import HearingDialog, HearingOutcomeDialog
from caseworker.ui.court.panel import CourtPanel
from caseworker.ui.court.petition_dialog import PetitionDialog
from caseworker.ui.court.ruling_dialog import RulingDialog
from caseworker.ui.shell.db_lane import DbLane
from tests.support.casework import new_case
from tests.support.factories import actor

pytestmark = pytest.mark.gui


@pytest.fixture
def lane(demo_ctx, qtbot):  # type: ignore[no-untyped-def]
    lane = DbLane(demo_ctx.sessions)
    yield lane
    lane.shutdown()


@pytest.fixture
def court_case(demo_ctx):  # type: ignore[no-untyped-def]
    """A Pudong case in guardianship intervention with a father who beats the child."""
    with demo_ctx.sessions() as s:
        sw, manager = actor(s, "pudong.sw1"), actor(s, "pudong.manager")
        case = new_case(s, sw, name="陈喆")
        father = FamilyMember(
            child_id=case.child_id, name="陈建国", relationship_code="father", is_guardian=True
        )
        s.add(father)
        s.add(
            Note(
                case_id=case.id,
                text="学校报告：儿童背部多处淤伤，称父亲酒后殴打。",
                author_id=sw.user_id,
            )
        )
        s.commit()
        for code, kw in (
            ("accept_for_assessment", {}),
            ("start_intervention", {"reason": "revoke_guardianship", "ground": "serious_harm"}),
        ):
            request_transition(s, manager, case.id, TransitionRequest(code, **kw))
        return sw, case.id, father.id


def _save(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.accept()


def _refreshed(qtbot, panel, rows: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: not panel.lane.busy() and panel.petitions.rowCount() == rows, timeout=10000
    )


def test_revocation_through_the_panel(qtbot, demo_ctx, lane, court_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sw, case_id, father_id = court_case
    panel = CourtPanel(lane, sw, case_id)
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.data is not None, timeout=10000)
    assert not panel.file_button.isEnabled() or panel.petitions.rowCount() == 0

    qtbot.mouseClick(panel.file_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, PetitionDialog)
    dialog.respondent.setCurrentIndex(dialog.respondent.findData(father_id))
    dialog.respondent_address.setText("上海市浦东新区花木路100弄1号")
    dialog.facts.setPlainText("被申请人长期酗酒，多次殴打被监护人，经训诫拒不改正。")
    dialog.ground_checks["serious_harm"].setChecked(True)
    dialog.evidence.item(0, 0).setCheckState(Qt.CheckState.Checked)
    dialog.ground_combos[0].setCurrentIndex(dialog.ground_combos[0].findData("serious_harm"))
    dialog.guardian_kind.setCurrentIndex(dialog.guardian_kind.findData("person"))
    dialog.guardian_name.setText("李秀英")
    dialog.filed.setChecked(True)
    dialog.number.setText("2026沪0115民特123号")  # no parentheses: refused, marked, kept
    dialog.accept()
    qtbot.waitUntil(lambda: bool(dialog.errors.errors_shown()), timeout=10000)
    assert set(dialog.errors.errors_shown()) == {"court_case_number"}
    assert "法院案号" in dialog.errors.errors_shown()["court_case_number"]
    assert dialog.facts.toPlainText().startswith("被申请人长期酗酒") and dialog.isVisible()
    dialog.number.setText(f"（{utcnow().year}）沪0115民特123号")
    _save(qtbot, dialog)
    _refreshed(qtbot, panel, 1)
    panel.petitions.selectRow(0)
    assert panel.petitions.item(0, 2).text().endswith("沪0115民特123号")

    qtbot.mouseClick(panel.hearing_button, Qt.MouseButton.LeftButton)
    hearing = panel.dialog
    assert isinstance(hearing, HearingDialog)
    hearing.time.setText("09:30")
    hearing.place.setText("第三法庭")
    _save(qtbot, hearing)
    qtbot.waitUntil(lambda: panel.outcome_button.isEnabled(), timeout=10000)
    qtbot.mouseClick(panel.outcome_button, Qt.MouseButton.LeftButton)
    outcome = panel.dialog
    assert isinstance(outcome, HearingOutcomeDialog)
    outcome.outcome.setCurrentIndex(outcome.outcome.findData("held"))
    outcome.note.setPlainText("双方到庭，当庭质证。")
    _save(qtbot, outcome)
    qtbot.waitUntil(lambda: panel.ruling_button.isEnabled(), timeout=10000)

    qtbot.mouseClick(panel.ruling_button, Qt.MouseButton.LeftButton)
    ruling = panel.dialog
    assert isinstance(ruling, RulingDialog)
    assert ruling.guardian_name.text() == "李秀英"  # carried over from the petition
    ruling.outcome.setCurrentIndex(ruling.outcome.findData("granted"))
    ruling.summary_text.setPlainText("撤销陈建国的监护人资格，指定李秀英为监护人。")
    _save(qtbot, ruling)
    qtbot.waitUntil(lambda: panel.close_button.isEnabled(), timeout=10000)
    assert "李秀英" in panel.status.text()
    assert panel.petitions.item(0, 5).text() == "准予"

    with demo_ctx.sessions() as s:
        father = s.get(FamilyMember, father_id)
        assert father.is_guardian is False
        [cond] = s.scalars(select(MemberCondition).where(MemberCondition.member_id == father_id))
        assert cond.condition_code == "guardianship_revoked"
        assert has_court_order(s, case_id)

    # A correction starts from the ruling as recorded and leaves it on the record.
    qtbot.mouseClick(panel.correct_button, Qt.MouseButton.LeftButton)
    fix = panel.dialog
    assert isinstance(fix, RulingDialog) and fix.outcome.currentData() == "granted"
    assert fix.guardian_name.text() == "李秀英"
    fix.summary_text.setPlainText("撤销陈建国的监护人资格；指定李秀英为监护人（更正）。")
    _save(qtbot, fix)
    qtbot.waitUntil(lambda: "（已更正）" in panel.detail.text(), timeout=10000)

    # The preview names what the records lack (no temporary guardianship on this case).
    opened: list[Path] = []
    panel.open_file = opened.append
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "临时监护起始日期" in panel.status.text(), timeout=10000)
    assert opened == []

    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "审批" in panel.status.text() or "approval" in panel.status.text(), timeout=10000
    )
    with demo_ctx.sessions() as s:
        [request] = s.scalars(
            select(Approval).where(Approval.case_id == case_id, Approval.status == "pending")
        )
        assert request.transition_code == "close"
        assert request.payload["reason"] == "court_designated_guardian"
    _screens(qtbot, panel, lane, sw, tmp_path)


def _screens(qtbot, panel, lane, sw, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The panel and the calendar as PNGs (in the test's tmp_path, to look at); not blank."""
    panel.petitions.selectRow(0)
    QApplication.processEvents()
    page = CourtCalendarPage(lane, sw)
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: not lane.busy(), timeout=10000)
    for name, widget in (("court_panel", panel), ("court_calendar", page)):
        image = widget.grab().toImage()
        assert image.save(str(folder / f"{name}.png"))
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 9)
            for y in range(0, image.height(), 9)
        }
        assert len(colours) > 10


def test_calendar_lists_the_districts_dates(qtbot, demo_ctx, lane, court_case) -> None:  # type: ignore[no-untyped-def]
    from caseworker.services.court import petitions as court
    from caseworker.services.court import sessions as court_sessions
    from tests.court.helpers import World, petition_input

    sw, case_id, father_id = court_case
    with demo_ctx.sessions() as s:
        w = World(
            s,
            sw,
            sw,
            sw,
            s.get(__import__("caseworker.models").models.Case, case_id),
            None,
            s.get(FamilyMember, father_id),
            None,
        )  # type: ignore[arg-type]
        p = court.create_petition(
            s, sw, case_id, petition_input(w, "protection_order", evidence=())
        )
        court_sessions.schedule_hearing(
            s,
            sw,
            p.id,
            kind="inquiry",
            scheduled_on=utcnow().date() + timedelta(days=5),
            time_text="10:00",
        )
    page = CourtCalendarPage(lane, sw)
    qtbot.addWidget(page)
    page.show()
    opened: list[int] = []
    page.open_case.connect(opened.append)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.rowCount() >= 1, timeout=10000)
    row = next(
        r
        for r in range(page.list.rowCount())
        if page.list.item(r, 0).data(Qt.ItemDataRole.UserRole) == case_id
    )
    assert (page.list.item(row, 1).text(), page.list.item(row, 4).text()) == ("庭审", "询问")
    assert "10:00" in page.list.item(row, 5).text()
    page.list.setCurrentCell(row, 0)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert opened == [case_id]
