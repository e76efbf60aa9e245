"""The issue dialog and the register page, offscreen: choose a letter, fill in, rewrite a
free paragraph, preview, issue, print and save the stored copy, void it in the register."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from caseworker import i18n
from caseworker.app import AppContext, start
from caseworker.models import IssuedDocument
from caseworker.operations import issuing
from caseworker.services.beds.letter import institution_month, letter_values, previous_month
from caseworker.services.beds.occupancy import add_months
from caseworker.services.documents.register import issuing_institution
from caseworker.ui.common.export_options import SaveExportDialog
from caseworker.ui.documents.dialog import IssueDocumentDialog
from caseworker.ui.documents.page import DocumentsPage
from caseworker.ui.shell.db_lane import DbLane
from caseworker.ui.shell.fonts import register_fonts
from tests.register.bed_history import month_of_stays
from tests.register.helpers import World, full_case, pdf_text
from tests.support.factories import actor, build_small_demo

pytestmark = pytest.mark.gui
FACTS = "经花木派出所调查核实，被监护人之父王建国长期酗酒并多次殴打被监护人，其母下落不明。"


@pytest.fixture
def app_world(tmp_path: Path, qapp, _catalogue: Path) -> Iterator[tuple[AppContext, World]]:  # type: ignore[no-untyped-def]
    """A started app (as `caseworker gui` starts it) on a small demo with one full case."""
    register_fonts(qapp)
    ctx = start(str(tmp_path / "demo.db"))
    i18n.activate("zh_CN", _catalogue)
    build_small_demo(ctx.engine, children=40)
    with ctx.sessions() as s:
        sw, manager = actor(s, "pudong.sw1"), actor(s, "pudong.manager")
        world = World(s, sw, manager, full_case(s, sw, manager))
        s.commit()
        yield ctx, world
    ctx.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go (CASEWORKER_SHOTS to keep them for a look)."""
    folder = Path(os.environ.get("CASEWORKER_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_issue_a_letter_then_print_save_and_void_it(app_world, qtbot, tmp_path, shots) -> None:  # type: ignore[no-untyped-def]
    ctx, world = app_world
    lane = DbLane(ctx.sessions)
    dlg = IssueDocumentDialog(lane, world.sw, world.case.id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.letter_box.count() > 0)
    titles = [dlg.letter_box.itemText(i) for i in range(dlg.letter_box.count())]
    assert "临时监护决定书" in titles and "强制报告受理回执" not in titles  # by stage

    dlg.choose("temporary_guardianship_decision")
    qtbot.waitUntil(lambda: dlg.draft is not None)
    assert set(dlg.inputs) == {
        "case.police_station",
        "guardian.address",
        "guardianship.ground_item",
    }
    assert dlg.inputs["case.police_station"].text() == "上海市公安局浦东分局花木派出所"  # proposed
    assert dlg.inputs["guardian.address"].text() == "上海市浦东新区东方路100弄5号"
    assert "{guardianship.ground}" in dlg.paragraphs["facts"].toPlainText()
    shown = "".join(label.text() for label, _t in dlg.fixed)
    assert "王堃" in shown and "【未成年人保护法第九十二条所列项次】" in shown

    dlg.issue()  # refused: the item number and the facts are missing; nothing is issued
    qtbot.waitUntil(lambda: bool(dlg.errors.errors_shown()))
    assert {"guardianship.ground_item", "guardianship.ground"} <= set(dlg.errors.errors_shown())
    assert dlg.doc is None

    dlg.inputs["guardianship.ground_item"].setText("六")
    dlg.paragraphs["facts"].setPlainText(FACTS)
    dlg.show_preview()
    qtbot.waitUntil(lambda: dlg.preview.page_count() > 0)
    preview = pdf_text(dlg.preview.data, tmp_path, "preview.pdf")
    assert FACTS in preview and "民未保" not in preview  # no number before issuing
    qtbot.wait(400)  # QPdfView paints its pages a moment later
    dlg.grab().save(str(shots / "issue-dialog-preview.png"))

    with qtbot.waitSignal(dlg.issued, timeout=10_000) as issued:
        dlg.issue()
    doc_id = issued.args[0]
    assert dlg.doc is not None and dlg.doc[0] == doc_id
    number = dlg.doc[1]
    text = pdf_text(dlg.preview.data, tmp_path, "issued.pdf")
    assert number in text and FACTS in text
    assert not dlg.issue_button.isEnabled() and dlg.print_button.isEnabled()
    qtbot.wait(400)
    dlg.grab().save(str(shots / "issue-dialog-issued.png"))

    printed = shots / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    dlg.print_document(printer)
    qtbot.waitUntil(lambda: "打印机" in dlg.status.text(), timeout=10_000)
    assert printed.read_bytes().startswith(b"%PDF")
    saved = tmp_path / "saved.pdf"
    dlg.save_as(str(saved))
    qtbot.waitUntil(saved.exists, timeout=10_000)
    with ctx.sessions() as s:
        stored = s.get(IssuedDocument, doc_id)
        assert stored is not None
        assert pdf_text(saved.read_bytes(), tmp_path, "a.pdf").startswith(
            pdf_text(stored.pdf, tmp_path, "b.pdf")[:40]
        )
    assert "导出" in pdf_text(saved.read_bytes(), tmp_path)  # the copy says who took it out

    # where to save and the password, asked in one dialog that refuses a mistyped password
    ask = SaveExportDialog("另存为", tmp_path / "locked.pdf", "PDF (*.pdf)")
    qtbot.addWidget(ask)
    ask.show()
    ask.protect.setChecked(True)
    qtbot.keyClicks(ask.protect.password, "Hutong-2026-secret")
    qtbot.keyClicks(ask.protect.again, "Hutong-2026-secreT")
    ask.grab().save(str(shots / "save-export-dialog.png"))
    ask.accept()
    assert ask.isVisible() and "两次" in ask.summary.text()
    assert set(ask.errors.errors_shown()) == {"export_password_again"}
    ask.protect.again.clear()
    qtbot.keyClicks(ask.protect.again, "Hutong-2026-secret")
    ask.accept()
    assert not ask.isVisible()
    locked, password = ask.choice()
    dlg.save_as(str(locked), password)
    qtbot.waitUntil(lambda: "密码" in dlg.status.text(), timeout=10_000)
    assert PdfReader(locked).is_encrypted

    with ctx.sessions() as s:  # a second document, issued elsewhere (the command line, say)
        issuing.issue_letter(
            s, world.manager, case_id=world.case.id, letter_code="temporary_guardianship_decision",
            entered={"guardianship.ground_item": "六"}, edits={"facts": FACTS},
        )  # fmt: skip
    page = DocumentsPage(lane, world.manager)
    qtbot.addWidget(page)
    page.resize(1200, 420)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert page.table.item(1, 0).text() == number  # newest first
    assert page.table.item(1, 2).text() == world.case.case_number
    assert page.select_number(number)
    page.void_selected("决定书事实部分有误，重新签发")
    qtbot.waitUntil(lambda: page.rows and page.rows[1].doc.voided_at is not None)
    assert "决定书事实部分有误" in page.table.item(1, 5).text()
    assert page.table.item(1, 0).text() == number  # the number stays
    page.select_number(number)
    assert not page.print_button.isEnabled() and page.save_button.isEnabled()
    page.table.clearSelection()
    page.grab().save(str(shots / "documents-page.png"))
    lane.shutdown()


def test_the_dialog_without_a_case_offers_the_bed_report(app_world, qtbot, tmp_path, shots) -> None:  # type: ignore[no-untyped-def]
    """The bed report: nothing to type, a month to pick (last month first), the figures of
    the month from the bed records in the text, the preview and the issued PDF."""
    ctx, world = app_world
    lane = DbLane(ctx.sessions)
    page = DocumentsPage(lane, world.manager)  # where a letter about no case starts
    qtbot.addWidget(page)
    page.show()
    assert page.issue_button.isVisible()
    dlg = page.issue_institution_letter()
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.letter_box.count() == 1)
    assert dlg.month_box.isHidden()  # until a letter about the beds is chosen
    dlg.choose("bed_occupancy_report")
    qtbot.waitUntil(lambda: dlg.draft is not None)
    last = previous_month(issuing.shanghai_today())
    assert dlg.draft.month == last and dlg.month() == last and not dlg.month_box.isHidden()
    assert dlg.inputs == {} and dlg.form_box.isHidden()
    assert set(dlg.paragraphs) == {"issues", "next_steps"}

    earlier = add_months(*last, -1)
    with ctx.sessions() as s:
        inst = issuing_institution(s, world.manager, None)
        month_of_stays(s, inst, *earlier)
        v = letter_values(institution_month(s, world.manager, inst.id, *earlier))
    assert v["beds.discharged"] >= 4 and v["beds.returned"] >= 1
    dlg.choose_month(*earlier)
    qtbot.waitUntil(lambda: dlg.draft is not None and dlg.draft.month == earlier)
    shown = "".join(label.text() for label, _t in dlg.fixed)
    assert f"{earlier[0]}年{earlier[1]}月" in shown and "【" not in shown
    assert f"核定困境儿童照料床位{v['beds.total']}张" in shown
    assert f"在床儿童{v['beds.occupied']}人" in shown

    dlg.show_preview()
    qtbot.waitUntil(lambda: dlg.preview.page_count() > 0)
    preview = pdf_text(dlg.preview.data, tmp_path, "preview.pdf")
    assert f"本期新入住儿童{v['beds.admitted']}人，离开{v['beds.discharged']}人" in preview
    qtbot.wait(400)  # QPdfView paints its pages a moment later
    dlg.grab().save(str(shots / "issue-dialog-bed-report.png"))
    with qtbot.waitSignal(dlg.issued, timeout=10_000):
        dlg.issue()
    text = pdf_text(dlg.preview.data, tmp_path, "issued.pdf")
    assert dlg.doc is not None and dlg.doc[1] in text
    assert f"关于{earlier[0]}年{earlier[1]}月困境儿童照料床位占用情况的报告" in text
    assert f"床位占用率为{v['beds.occupancy_rate']}" in text
    assert f"平均在床{v['beds.average_stay']}天" in text
    assert not dlg.month_box.isEnabled()  # issued: the month is part of the record now
    qtbot.waitUntil(lambda: page.select_number(dlg.doc[1]), timeout=10_000)  # in the register
    lane.shutdown()
