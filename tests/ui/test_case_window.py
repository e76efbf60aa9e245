"""The case window as a caseworker uses it: record each step of a case, be told at the field
what is wrong without losing what was typed, and see it all on the timeline."""

from __future__ import annotations

import ast
import dataclasses
import json
import string
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import pyzipper
from babel.messages.pofile import read_po, write_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from caseworker import i18n
from caseworker.app import AppContext
from caseworker.models import FamilyMember, utcnow
from caseworker.policy.instrument import score
from caseworker.security.actor import Actor
from caseworker.services.cases import assessments, casework
from caseworker.ui.cases.tabs import assessment as case_tab_assessment
from caseworker.ui.cases.tabs.common import WARN_BG, shanghai_today
from caseworker.ui.cases.window import TABS, CaseWindow
from caseworker.ui.common.export_options import SaveExportDialog
from caseworker.ui.shell.db_lane import DbLane
from tests.support.casework import add_guardian, new_case
from tests.support.factories import actor

pytestmark = pytest.mark.gui

TAB_DIR = Path(case_tab_assessment.__file__).parent
UI = TAB_DIR.parent
MODULES = sorted(
    [UI / "window.py", UI / "header.py", UI / "assessment_dialog.py"] + list(TAB_DIR.glob("*.py"))
)
PENDING = i18n.TRANSLATIONS_DIR / "pending" / "case_window.json"
PO = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
WAIT = 10000


def _messages() -> tuple[set[str], dict[str, str]]:
    """The msgids of the case window's modules, and singular → plural for ngettext."""
    ids: set[str] = set()
    plurals: dict[str, str] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id in ("_", "N_", "gettext") and args:
                ids.add(args[0])
            elif node.func.id == "ngettext":
                plurals[args[0]] = args[1]
    return ids, plurals


@pytest.fixture(scope="module")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with the case window's pending messages merged in, as it will be once merged."""
    with PO.open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    _ids, plurals = _messages()
    for msgid, text in json.loads(PENDING.read_text(encoding="utf-8")).items():
        key = (msgid, plurals[msgid]) if isinstance(text, list) else msgid
        string = tuple(text) if isinstance(text, list) else text
        entry = catalogue.get(msgid)
        if entry is None:
            catalogue.add(key, string)
        elif not any(entry.string if isinstance(entry.string, tuple) else [entry.string]):
            entry.string = string  # extracted but not yet translated
    root = tmp_path_factory.mktemp("translations")
    target = root / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "caseworker.po").open("wb") as fh:
        write_po(fh, catalogue)
    return root


@pytest.fixture(autouse=True)
def _chinese(_catalogue: Path) -> Iterator[None]:
    i18n.activate("zh_CN", _catalogue)
    yield
    i18n.activate("zh_CN")


@dataclass
class Env:
    ctx: AppContext
    lane: DbLane
    sw: Actor
    case_id: int
    guardian_id: int


@pytest.fixture
def env(demo_ctx: AppContext, _catalogue: Path) -> Iterator[Env]:
    i18n.activate("zh_CN", _catalogue)  # the app's start-up activated the bare catalogue
    lane = DbLane(demo_ctx.sessions)
    with demo_ctx.sessions() as s:
        sw = actor(s, "pudong.sw1")
        case = new_case(s, sw, name="林玥")
        mother = add_guardian(s, case.child_id, "林母")
        made = Env(demo_ctx, lane, sw, case.id, mother.id)
    yield made
    lane.shutdown()


def _open(qtbot, env: Env, who: Actor | None = None) -> CaseWindow:  # type: ignore[no-untyped-def]
    window = CaseWindow(env.lane, who or env.sw, env.case_id)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        window.show()
    return window


def _save(qtbot, window: CaseWindow, button) -> None:  # type: ignore[no-untyped-def]
    """Click a save button and wait for the window to show the saved case."""
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _texts(tree) -> list[str]:  # type: ignore[no-untyped-def]
    return [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())]


def test_translations_cover_every_message() -> None:
    ids, plurals = _messages()
    with PO.open("rb") as fh:
        po = read_po(fh, locale="zh_CN")
    pending = json.loads(PENDING.read_text(encoding="utf-8"))
    missing = [m for m in ids if m not in pending and not (m in po and po[m].string)]
    assert missing == []
    assert set(plurals) <= set(pending)
    for msgid, text in pending.items():
        for t in text if isinstance(text, list) else [text]:
            assert sorted(_fields(msgid)) == sorted(_fields(t)), msgid


def _fields(text: str) -> list[str]:
    return [f for _l, f, _s, _c in string.Formatter().parse(text) if f is not None]


def test_emergency_action_refused_then_recorded_keeps_what_was_typed(qtbot, env) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, env)
    assert window.header.title.text() == f"{window.detail.case_number}　林玥"
    assert "风险：中" in window.header.risk.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() == "emergency"

    form = window.emergency_tab.form
    form.action.setCurrentIndex(form.action.findData("escorted_to_institution"))
    form.whereabouts.setText("浦东新区未成年人保护中心")
    form.whereabouts.setFocus()
    qtbot.keyClick(form.whereabouts, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "acted_by" in form.errors.errors_shown(), timeout=WAIT)
    assert form.errors.errors_shown() == {"acted_by": "请填写处置人及单位。"}
    assert form.whereabouts.text() == "浦东新区未成年人保护中心"  # nothing typed is lost
    assert form.save_button.isEnabled()

    form.acted_by.setText("花木派出所 张警官")
    _save(qtbot, window, form.save_button)
    assert window.emergency_tab.table.rowCount() == 1
    assert window.emergency_tab.table.item(0, 1).text() == "护送至未成年人救助保护机构"
    assert form.errors.errors_shown() == {} and form.acted_by.text() == ""
    assert window.current_tab() == "emergency"  # the reload keeps the tab
    assert "护送至未成年人救助保护机构" in _texts(window.timeline_tab.tree)
    assert window.status.currentMessage() == "已记录应急处置措施。"


def test_investigation_and_capacity_assessment_to_the_manager(qtbot, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, env)
    window.show_tab("assessment")
    tab = window.assessment_tab
    inv = tab.investigation
    inv.boxes["safety"].setPlainText("无人照料")
    inv.boxes["mental_health"].setPlainText("焦虑")
    _save(qtbot, window, inv.save_button)
    assert "最新版本记录于" in inv.version.text()
    assert inv.boxes["safety"].toPlainText() == "无人照料"
    assert "调查记录" in _texts(window.timeline_tab.tree)

    # New assessment: the chooser offers the guardian; accept its choice.
    monkeypatch.setattr(
        case_tab_assessment.StartDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=WAIT)
    dialog = tab.dialog
    assert dialog.a.guardian_id == env.guardian_id and dialog.a.status == "draft"
    assert dialog.total.text() == "尚未完成：还有 9 项未评分"
    spins = dialog.sheet.spins
    assert spins["Q1"].text() == "未评分" and "饮食" in spins["Q1"].toolTip()

    def type_scores(dialog, answers):  # type: ignore[no-untyped-def]
        for code, value in answers.items():
            spin = dialog.sheet.spins[code]
            spin.setFocus()
            spin.selectAll()
            qtbot.keyClicks(spin, str(value))

    # Part of the scores, saved as a draft with Ctrl+Enter; Esc closes without asking.
    first = {"Q1": 3, "Q2": 4, "Q3": 4, "Q4": 2}
    type_scores(dialog, first)
    assert dialog.total.text() == "尚未完成：还有 5 项未评分"
    qtbot.keyClick(spins["Q4"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.summary.text() == "草稿已保存。", timeout=WAIT)
    assert not dialog.dirty()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    # Resumed from the list, the draft has its scores; the rest are typed in.
    tab.table.selectRow(0)
    assert tab.table.item(0, 2).text() == "草稿" and tab.open_button.text() == "继续填写…"
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not dialog, timeout=WAIT)
    dialog = tab.dialog
    spins = dialog.sheet.spins
    assert dialog.sheet.scores() == first
    answers = first | {"C1": 4, "C2": 2, "C3": 3, "C4": 4, "C5": 3}
    type_scores(dialog, answers)
    assert dialog.sheet.scores() == answers
    expected = score(dialog.inst, answers)
    assert dialog.total.text().startswith(
        f"总分 {expected.total / 100:.2f} 分 — {expected.grade.label}"
    )

    # Finishing without a conclusion is refused at the fields; the scores stay.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.errors.errors_shown()), timeout=WAIT)
    assert set(dialog.errors.errors_shown()) == {"conclusion", "recommendation"}
    assert dialog.sheet.scores() == answers and dialog.a.status == "draft"

    dialog.conclusion.setPlainText("母亲有监护意愿，经济困难，需帮扶。")
    dialog.recommendation.setCurrentIndex(dialog.recommendation.findData("support"))
    # The service compares with the UTC date (see the report); stay within it.
    dialog.assessed_on.setDate(min(shanghai_today(), utcnow().date()))
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.a.status == "final"
    assert "已提交管理者审批" in dialog.state.text()
    assert spins["Q1"].isReadOnly() and not dialog.finish_button.isVisible()
    assert tab.table.rowCount() == 1
    row = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert row[:4] == ["林母", "1", "已定稿", expected.grade.label]
    assert row[4] == f"{expected.total / 100:.2f}" and row[5] == "待审批"
    dialog.close()

    # A final assessment is corrected as a new version, which opens as a draft.
    tab.table.selectRow(0)
    assert tab.correct_button.isEnabled()
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not dialog, timeout=WAIT)
    assert tab.dialog.a.version == 2 and tab.dialog.sheet.scores() == answers
    assert tab.table.rowCount() == 2


def test_support_plan_overdue_and_outcome_required(qtbot, env) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, env)
    window.show_tab("support")
    tab = window.support_tab
    add = tab.add_form
    add.service.setCurrentIndex(add.service.findData("family_education"))
    add.provider.setText("花木街道社工站")
    add.due.setDate(shanghai_today() - timedelta(days=1))
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
        assert not add.save_button.isEnabled()  # no second save while one is in flight
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 0).text() == "家庭教育指导"
    assert tab.table.item(0, 2).text().endswith("（已逾期）")
    assert tab.table.item(0, 0).background().color() == QColor(WARN_BG)

    update = tab.update_form
    assert not update.save_button.isEnabled()  # nothing selected yet
    tab.table.selectRow(0)
    assert update.save_button.isEnabled()
    update.status.setCurrentIndex(update.status.findData("done"))
    qtbot.mouseClick(update.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "outcome" in update.errors.errors_shown(), timeout=WAIT)
    assert update.errors.errors_shown()["outcome"] == "请记录已完成服务的成效。"
    update.outcome.setText("完成8次家庭教育指导")
    _save(qtbot, window, update.save_button)
    assert tab.table.item(0, 3).text() == "已完成"
    assert tab.table.item(0, 4).text() == "完成8次家庭教育指导"
    assert not tab.table.item(0, 2).text().endswith("（已逾期）")


def test_note_with_attachment_on_the_timeline_and_saved_back(
    qtbot, env, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, env)
    window.show_tab("notes")
    form = window.notes_tab.form
    photo = tmp_path / "家访照片.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the visit")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    qtbot.mouseClick(form.attach_button, Qt.MouseButton.LeftButton)
    assert form.paths() == [str(photo)]
    form.text.setPlainText("家访：母亲同意接受家庭教育指导。")
    form.text.setFocus()
    with qtbot.waitSignal(window.reloaded, timeout=WAIT):
        qtbot.keyClick(form.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.paths() == [] and form.text.toPlainText() == ""
    assert window.current_tab() == "notes"

    tree = window.timeline_tab.tree
    note = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(4) == "家访：母亲同意接受家庭教育指导。"
    )
    assert note.text(1) == "备注" and note.text(3) == env.sw.display_name
    assert note.childCount() == 1 and note.child(0).text(4) == "附件：家访照片.jpg"

    # The save dialog as a user fills it: first a plain copy, then one in a password zip.
    copy, password = tmp_path / "copy.jpg", ""

    def fill_and_save(dialog: SaveExportDialog) -> int:
        dialog.path.setText(str(copy))
        dialog.protect.setChecked(bool(password))
        dialog.protect.password.setText(password)
        dialog.protect.again.setText(password)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SaveExportDialog, "exec", fill_and_save)
    tree.setCurrentItem(note.child(0))
    assert window.timeline_tab.saver.button.isEnabled()
    qtbot.mouseClick(window.timeline_tab.saver.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(copy.exists, timeout=WAIT)
    assert copy.read_bytes() == photo.read_bytes()
    password = "visit-photo-2026"
    qtbot.mouseClick(window.timeline_tab.saver.button, Qt.MouseButton.LeftButton)
    zipped = tmp_path / "copy.jpg.zip"
    qtbot.waitUntil(zipped.exists, timeout=WAIT)
    with pyzipper.AESZipFile(zipped) as zf:
        assert zf.read("家访照片.jpg", pwd=password.encode()) == photo.read_bytes()

    # An empty note is refused at the field.
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in form.errors.errors_shown(), timeout=WAIT)


def test_staff_sees_the_case_but_not_the_reporter_nor_reassignment(qtbot, env) -> None:  # type: ignore[no-untyped-def]
    with env.ctx.sessions() as s:
        staff = actor(s, "pudong.staff")
    window = _open(qtbot, env, staff)
    report = window.report_tab.values[0]
    assert report["reporter_name"].text() == "***" and report["reporter_contact"].text() == "***"
    assert report["reporter_unit"].text() == "浦东实验小学"
    assert report["situations"].text() == "• 监护人丧失监护能力或不履行监护职责"
    assert not window.reassign_button.isEnabled()
    assert window.reassign_button.toolTip() == "只有管理者可以改派案件。"

    sw_window = _open(qtbot, env)
    assert sw_window.report_tab.values[0]["reporter_name"].text() == "李老师"


def test_categories_show_their_clause(qtbot, env) -> None:  # type: ignore[no-untyped-def]
    with env.ctx.sessions() as s:
        child = s.get(FamilyMember, env.guardian_id).child_id
        s.get(FamilyMember, env.guardian_id).deceased = True
        s.add(FamilyMember(child_id=child, name="林父", relationship_code="father", deceased=True))
        s.commit()
    window = _open(qtbot, env)
    chips = {c.objectName(): c for c in window.header.chips()}
    orphan = chips["chip_category_orphan"]
    assert orphan.text() == "孤儿"
    assert orphan.toolTip().startswith("国发〔2016〕36号 §二(四)：")
    assert not window.header.warnings.isVisible()

    # A finding whose rule set has expired says so, and the warning is shown.
    expired = dataclasses.replace(window.detail.categories[0], status="expired")
    warning = "“孤儿”的依据国发〔2016〕36号已于2025年12月31日失效。"
    window.header.show_detail(
        dataclasses.replace(window.detail, categories=(expired,), policy_warnings=(warning,))
    )
    assert window.header.warnings.isVisible() and warning in window.header.warnings.text()
    chip = window.header.chips()[0]
    assert chip.text() == "孤儿（依据不在有效期）" and "expired" in chip.toolTip()
    qtbot.waitUntil(lambda: chip.isVisible() and chip.width() > 20)  # laid out next turn
    window.resize(760, 700)  # the chips wrap rather than widen the window
    qtbot.waitUntil(lambda: window.header.chips()[-1].y() > chip.y())
    assert window.width() <= 800
    assert window.header.grab().save("/tmp/case_window_header_warning.png")


def test_action_bar_opens_the_case_moves_and_reloads(qtbot, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple] = []
    fake = types.ModuleType("caseworker.ui.cases.actions")
    for name in ("transition", "risk", "transfer", "reassign"):
        setattr(
            fake,
            f"open_{name}_dialog",
            lambda *args, _n=name: calls.append((_n, *args[2:-1])) or args[-1](),
        )
    monkeypatch.setitem(sys.modules, "caseworker.ui.cases.actions", fake)
    import caseworker.ui.cases as cases_package

    monkeypatch.setattr(cases_package, "actions", fake, raising=False)
    with env.ctx.sessions() as s:
        manager = actor(s, "pudong.manager")
    window = _open(qtbot, env, manager)
    window.show_tab("support")
    for button in window.action_buttons:
        assert button.isEnabled()
        _save(qtbot, window, button)  # on_done() reloads the window
    assert [c[0] for c in calls] == ["transition", "risk", "transfer", "reassign"]
    assert calls[1] == ("risk", manager, env.case_id, "medium")
    assert calls[3] == ("reassign", manager, env.case_id, "310115")
    assert window.current_tab() == "support"


def _fill(env: Env) -> None:
    """A case with something on every tab, recorded through the services."""
    with env.ctx.sessions() as s:
        sw = env.sw
        mother = s.get(FamilyMember, env.guardian_id)
        mother.missing = True
        s.add(
            FamilyMember(
                child_id=mother.child_id, name="林父", relationship_code="father", deceased=True
            )
        )
        s.commit()
        casework.record_emergency_action(
            s,
            sw,
            env.case_id,
            action_code="escorted_to_institution",
            acted_by="花木派出所 张警官",
            acted_at=utcnow() - timedelta(hours=1),
            child_whereabouts="浦东新区未成年人保护中心",
        )
        casework.record_investigation(
            s,
            sw,
            env.case_id,
            safety="独自在家三天，无人照料",
            guardianship="父亲已故，母亲下落不明",
            physical_health="良好",
            mental_health="焦虑，夜间难以入睡",
        )
        for code, days in (("family_education", -3), ("psychological", 10)):
            casework.add_support_item(
                s,
                sw,
                env.case_id,
                service_code=code,
                provider="花木街道社工站",
                due_on=shanghai_today() + timedelta(days=days),
            )
        casework.add_note(
            s,
            sw,
            env.case_id,
            "家访：邻居反映母亲两周前离家。",
            (casework.NewAttachment("家访照片.jpg", b"\xff\xd8jpeg", "image/jpeg"),),
        )
        inst = case_tab_assessment.instruments()[0]
        a = assessments.start_assessment(s, sw, env.case_id, env.guardian_id, inst)
        assessments.save_draft(
            s,
            sw,
            a.id,
            scores={i.code: 1 for i in inst.indicators()},
            conclusion="母亲下落不明，无法履行监护职责。",
            recommendation="temporary_guardianship",
            assessed_on=utcnow().date(),
        )
        assessments.finalise(s, sw, a.id)


def test_every_tab_renders_in_chinese(qtbot, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fill(env)
    window = _open(qtbot, env)
    # A refused save, as the user sees it.
    window.emergency_tab.form.whereabouts.setText("外婆家")
    qtbot.mouseClick(window.emergency_tab.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.emergency_tab.form.errors.errors_shown()), timeout=WAIT)
    titles = ["时间线", "报告", "家庭", "应急处置", "评估", "帮扶", "备注", "诉讼"]
    for n, name in enumerate(TABS):
        window.tabs.setCurrentIndex(n)
        assert window.tabs.tabText(n) == titles[n]
        path = Path(f"/tmp/case_window_{name}.png")
        assert window.grab().save(str(path))
        image = QImage(str(path))
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 9)
            for y in range(0, image.height(), 9)
        }
        assert image.width() >= 900 and len(colours) > 8
    tab = window.assessment_tab
    tab.table.selectRow(0)
    tab.open_selected()
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=WAIT)
    assert tab.dialog.a.status == "final" and tab.dialog.sheet.spins["Q1"].isReadOnly()
    assert tab.dialog.grab().save("/tmp/case_window_assessment_final.png")
    tab.dialog.close()
    tab.start_new(env.guardian_id, case_tab_assessment.instruments()[0])
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.a.status == "draft", timeout=WAIT)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    for spin in list(dialog.sheet.spins.values())[:4]:
        spin.setValue(3)
    assert dialog.grab().save("/tmp/case_window_assessment_dialog.png")

    # Closing the window with unsaved scores asks first; discarding closes the dialog only.
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, title, *a, **k: asked.append(title) or QMessageBox.StandardButton.Discard,
    )
    window.close()
    assert asked == ["未保存的修改"] and not dialog.isVisible() and window.isVisible()
    # the emergency form still holds the refused text: the window asks about it too
    window.close()
    box = window.discard_box
    assert window.isVisible() and box is not None and "应急处置" in box.text()
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)


def test_closing_with_unsaved_text_asks_and_keeps_it(qtbot, env) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, env)
    assert window.unsaved_forms() == []  # loaded records are not "typed"
    form = window.notes_tab.form
    form.text.setPlainText("电话联系班主任，约定周五家访。")
    window.tabs.setCurrentIndex(0)
    window.close()
    box = window.discard_box
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=WAIT)
    assert window.isVisible() and "备注" in box.text()
    box.grab().save("/tmp/case_window_unsaved.png")
    box.button(QMessageBox.StandardButton.Cancel).click()  # keep editing
    assert window.isVisible() and window.tabs.currentWidget().isAncestorOf(form)
    assert form.text.toPlainText() == "电话联系班主任，约定周五家访。"
    _save(qtbot, window, form.save_button)  # saved: nothing to lose any more
    assert window.unsaved_forms() == []
    with qtbot.waitSignal(window.closed, timeout=WAIT):
        window.close()
    assert not window.isVisible()
