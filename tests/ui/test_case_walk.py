"""One case from report to closure through the real windows: the new-report dialog, the
case window's tabs and move dialog, the assessment dialog, and the manager's 'my work'."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from caseworker.models import Case
from caseworker.ui.cases.actions import TransitionDialog
from caseworker.ui.cases.intake_dialog import IntakeDialog
from caseworker.ui.cases.tabs import assessment as case_tab_assessment
from caseworker.ui.shell.start import open_main_window
from tests.support.factories import actor

pytestmark = pytest.mark.gui
WAIT = 15000


def _main(qtbot, ctx, username):  # type: ignore[no-untyped-def]
    with ctx.sessions() as s:
        window = open_main_window(ctx, actor(s, username))
    qtbot.addWidget(window)
    window.show()
    return window


def _move(qtbot, case_window, code: str, **fields) -> str:  # type: ignore[no-untyped-def]
    """Make a move through the case window's dialog; return what the dialog said."""
    qtbot.mouseClick(case_window.transition_button, Qt.MouseButton.LeftButton)
    dialog = case_window.findChildren(TransitionDialog)[-1]
    qtbot.waitUntil(lambda: dialog.choices.count() > 0, timeout=WAIT)
    dialog.choices.setCurrentRow([o.code for o in dialog.options].index(code))
    if "reason" in fields:
        dialog.reason.setCurrentIndex(dialog.reason.findData(fields["reason"]))
    said: list[str] = []
    dialog.accepted.connect(lambda: said.append(dialog.result_text))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.submit()
    with qtbot.waitSignal(case_window.reloaded, timeout=WAIT):
        case_window.reload()  # the newest state, whatever else reloaded meanwhile
    return said[0]


def _approve_everything(qtbot, manager_window) -> None:  # type: ignore[no-untyped-def]
    work = manager_window.work
    work.refresh()
    qtbot.waitUntil(lambda: any(w.group == "approval" for w in work.items), timeout=WAIT)
    while any(w.group == "approval" for w in work.items):
        row = next(i for i, w in enumerate(work.items) if w.group == "approval")
        work.table.selectRow(row)
        before = len(work.items)
        with qtbot.waitSignal(work.status_message, timeout=WAIT):
            qtbot.mouseClick(work.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda b=before: len(work.items) < b, timeout=WAIT)


def test_report_to_closure_through_the_windows(qtbot, demo_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    main = _main(qtbot, demo_ctx, "pudong.sw1")
    main.new_report()
    intake = main.findChild(IntakeDialog)
    qtbot.waitUntil(lambda: intake.district.count() == 1, timeout=WAIT)
    intake.situations["guardian_incapable"].setChecked(True)
    intake.narrative.setPlainText("邻居报告：儿童连续多日独自在家，母亲外出未归。")
    intake.name.setText("步行测试儿")
    qtbot.mouseClick(intake.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(main.case_windows) == 1, timeout=WAIT)
    ((case_id, cw),) = main.case_windows.items()
    qtbot.waitUntil(lambda: cw.detail is not None, timeout=WAIT)
    assert cw.detail.stage == "report"

    # The family: the mother is the guardian to be assessed.
    family = cw.family_tab
    family.form.load(None, None)
    family.form.name.setText("步行测试母")
    family.form.relationship.setCurrentIndex(family.form.relationship.findData("mother"))
    family.form.flags["is_guardian"].setChecked(True)
    with qtbot.waitSignal(family.form.saved, timeout=WAIT):
        family.form.submit()

    _move(qtbot, cw, "start_emergency")
    form = cw.emergency_tab.form
    form.action.setCurrentIndex(form.action.findData("entrusted_to_relatives"))
    form.acted_by.setText("花木派出所 王警官")
    form.whereabouts.setText("外婆家")
    with qtbot.waitSignal(cw.reloaded, timeout=WAIT):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    _move(qtbot, cw, "emergency_to_assessment")

    inv = cw.assessment_tab.investigation
    inv.boxes["safety"].setPlainText("已由外婆照料，安全")
    with qtbot.waitSignal(cw.reloaded, timeout=WAIT):
        qtbot.mouseClick(inv.save_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(
        case_tab_assessment.StartDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab = cw.assessment_tab
    qtbot.waitUntil(tab.new_button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=WAIT)
    dialog = tab.dialog
    for spin in dialog.sheet.spins.values():
        spin.setValue(spin.maximum())
    dialog.conclusion.setPlainText("母亲已返沪，照料到位，具备监护能力。")
    dialog.recommendation.setCurrentIndex(dialog.recommendation.findData("support"))
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.a.status == "final" or bool(dialog.errors.errors_shown()), timeout=WAIT
    )
    assert dialog.a.status == "final", dialog.summary.text()
    dialog.close()

    manager = _main(qtbot, demo_ctx, "pudong.manager")
    _approve_everything(qtbot, manager)  # the assessment's conclusion

    _move(qtbot, cw, "start_support")
    assert cw.detail.stage == "support"
    said = _move(qtbot, cw, "close", reason="guardian_capable")
    assert "审批" in said
    _approve_everything(qtbot, manager)

    with qtbot.waitSignal(cw.reloaded, timeout=WAIT):
        cw.reload()
    assert cw.detail.stage == "closed" and cw.detail.closure_reason == "guardian_capable"
    with demo_ctx.sessions() as s:
        assert s.scalar(select(Case.stage).where(Case.id == case_id)) == "closed"
    kinds = {
        cw.timeline_tab.tree.topLevelItem(i).text(1)
        for i in range(cw.timeline_tab.tree.topLevelItemCount())
    }
    assert len(kinds) >= 4  # transitions, report, emergency, assessment, approvals …
