"""The board as a social worker uses it: drill down to a bed, admit a child, discharge it.

Offscreen, through the real window, lane and services; each level is also rendered to PNG.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from caseworker import i18n
from caseworker.app import AppContext, start
from caseworker.models import Bed, Case, Placement, Room
from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
from caseworker.services.beds.placements import admit
from caseworker.ui.shell.fonts import register_fonts
from tests.beds.board_ui import activate_row, board_window
from tests.beds.helpers import CHONGMING, chinese, make_cases, make_ward
from tests.support.factories import build_small_demo

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def board(tmp_path: Path, qapp, _catalogue: Path) -> Iterator[tuple[AppContext, int, str]]:  # type: ignore[no-untyped-def]
    register_fonts(qapp)
    ctx = start(str(tmp_path / "demo.db"))
    i18n.activate("zh_CN", _catalogue)  # start() activated the catalogue as shipped
    build_small_demo(ctx.engine, children=200)
    with ctx.sessions() as s:
        inst, _room, _beds = make_ward(s, CHONGMING, beds=6)
        [case] = make_cases(s, CHONGMING, 1)
        s.commit()
        ids = (inst.id, case.case_number)
    yield ctx, *ids
    ctx.close()


def _shot(widget: QWidget, path: Path) -> None:
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 10  # text, grid, tiles: not a blank canvas


def test_admit_and_discharge_from_the_board(qtbot, board, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, institution_id, case_number = board
    page = board_window(qtbot, ctx, "chongming.sw1")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    before = page.rows[0].occupied
    assert page.table.item(0, 0).text() == "崇明区"
    _shot(page.window(), tmp_path / "1-districts.png")

    activate_row(qtbot, page.table, 0)
    qtbot.waitUntil(lambda: any(r.id == institution_id for r in page.institutions), timeout=WAIT)
    row = next(i for i, r in enumerate(page.institutions) if r.id == institution_id)
    assert page.institutions_view.table.item(row, 2).text() == i18n._("Yes")
    _shot(page.window(), tmp_path / "2-institutions.png")

    activate_row(qtbot, page.institutions_view.table, row)
    view = page.institution_view
    qtbot.waitUntil(lambda: view.grid.grid_model.rowCount() == 6, timeout=WAIT)
    grid = view.grid
    first = grid.grid_model.tiles[0]
    rect = grid.visualRect(grid.grid_model.index(0))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert grid.selected_tile() == first and first.state == "available"
    actions = view.bed_actions
    assert actions.admit.isEnabled() and not actions.discharge.isEnabled()

    qtbot.mouseClick(actions.admit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=WAIT)
    dialog = actions.dialog
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.list.setCurrentRow(next(i for i, t in enumerate(texts) if case_number in t))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.grid_model.tiles[0].state == "occupied", timeout=WAIT)
    tile = grid.grid_model.tiles[0]
    assert (tile.child, tile.case_number) == ("王子涵", case_number)
    assert view.message.text() == i18n._("Admitted.") and chinese(view.message.text())
    qtbot.waitUntil(lambda: page.rows[0].occupied == before + 1, timeout=WAIT)
    grid.select_bed(tile.bed_id)
    assert actions.discharge.isEnabled() and not actions.admit.isEnabled()
    _shot(page.window(), tmp_path / "3-beds.png")

    # Discharge without a reason: refused, in Chinese; then with one.
    qtbot.mouseClick(actions.discharge, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(actions.dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text() != i18n._("Admitted."), timeout=WAIT)
    assert view.message.text() == i18n._("Choose the reason for the discharge.")
    qtbot.mouseClick(actions.discharge, Qt.MouseButton.LeftButton)
    dialog = actions.dialog
    dialog.reason.setCurrentIndex(dialog.reason.findData("returned_to_guardian"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.grid_model.tiles[0].state == "available", timeout=WAIT)
    qtbot.waitUntil(lambda: page.rows[0].occupied == before, timeout=WAIT)
    with ctx.sessions() as s:
        stay = s.scalars(select(Placement).where(Placement.bed_id == tile.bed_id)).one()
    assert stay.discharge_reason == "returned_to_guardian" and stay.discharged_at is not None


def test_staff_see_masked_names_and_past_days_are_read_only(qtbot, board, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, institution_id, case_number = board
    with ctx.sessions() as s:
        sw = authenticate(s, "chongming.sw1", DEMO_PASSWORD)
        case_id = s.scalar(select(Case.id).where(Case.case_number == case_number))
        bed_id = s.scalar(
            select(Bed.id).join(Room).where(Room.institution_id == institution_id).limit(1)
        )
        admit(s, sw, bed_id, case_id)
    page = board_window(qtbot, ctx, "chongming.staff")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    page.open_district(CHONGMING)
    page.open_institution(institution_id)
    grid = page.institution_view.grid
    qtbot.waitUntil(lambda: grid.grid_model.rowCount() == 6, timeout=WAIT)
    tile = grid.grid_model.tiles[0]
    assert tile.state == "occupied" and tile.child == "王*涵" and "********" in tile.id_number
    assert not page.institution_view.bed_actions.delete.isVisible()  # staff keep no inventory
    _shot(page.window(), tmp_path / "4-staff.png")

    # Yesterday the bed was empty, and the past cannot be edited.
    page.set_day(page.date.date().toPython() - timedelta(days=1))
    qtbot.waitUntil(
        lambda: (
            page.institution_view.grid_data is not None
            and page.institution_view.grid_data.as_of is not None
        ),
        timeout=WAIT,
    )
    tile = grid.grid_model.tiles[0]
    assert tile.state == "available"
    grid.select_bed(tile.bed_id)
    assert not page.institution_view.bed_actions.admit.isEnabled()


def test_the_monthly_report_dialog_checks_the_folder_and_the_password(  # type: ignore[no-untyped-def]
    qtbot, board, tmp_path
) -> None:
    ctx, _inst, _case = board
    page = board_window(qtbot, ctx, "chongming.manager")
    page.ask_export()
    dialog = page.export_dialog
    dialog.path.setText(str(tmp_path / "没有这个文件夹" / "report.xlsx"))
    dialog.accept()
    assert dialog.isVisible() and "没有这个文件夹" in dialog.summary.text()
    dialog.path.setText(str(tmp_path / "report.xlsx"))
    dialog.protect.setChecked(True)
    qtbot.keyClicks(dialog.protect.password, "short")
    qtbot.keyClicks(dialog.protect.again, "short")
    dialog.accept()
    assert dialog.isVisible() and "8" in dialog.summary.text()
    for edit in (dialog.protect.password, dialog.protect.again):
        edit.clear()
        qtbot.keyClicks(edit, "Chongming-beds-2026")
    dialog.grab().save(str(tmp_path / "export-dialog.png"))
    dialog.accept()  # accepted → the page exports through the lane
    target = tmp_path / "report.xlsx"
    qtbot.waitUntil(lambda: target.exists() and "report.xlsx" in page.status.text(), timeout=WAIT)
    assert not target.read_bytes().startswith(b"PK")  # an encrypted container, not a plain zip
