"""On the board: a manager deletes a bed that past days counted; the board says it was kept
for them, and yesterday's grid still shows it (offscreen, real window, lane and services)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from caseworker import i18n
from caseworker.app import AppContext, start
from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
from caseworker.ui.shell.main_window import MainWindow
from tests.beds.helpers import CHONGMING, chinese, make_ward
from tests.support.factories import build_small_demo

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def board(tmp_path: Path, qapp, _catalogue: Path) -> Iterator[tuple[AppContext, int]]:  # type: ignore[no-untyped-def]
    ctx = start(str(tmp_path / "demo.db"))
    i18n.activate("zh_CN", _catalogue)
    build_small_demo(ctx.engine, children=60)
    with ctx.sessions() as s:
        inst, _room, _beds = make_ward(s, CHONGMING, beds=3)
        s.commit()
        inst_id = inst.id
    yield ctx, inst_id
    ctx.close()


def test_deleting_a_bed_past_days_counted_keeps_it_for_them(qtbot, board) -> None:  # type: ignore[no-untyped-def]
    ctx, institution_id = board
    with ctx.sessions() as s:
        actor = authenticate(s, "chongming.manager", DEMO_PASSWORD)
    window = MainWindow(ctx, actor, "崇明区")
    qtbot.addWidget(window)
    window.show()
    window.show_screen("beds")
    page = window.beds
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    page.open_district(CHONGMING)
    page.open_institution(institution_id)
    view = page.institution_view
    grid, actions = view.grid, view.bed_actions
    qtbot.waitUntil(lambda: grid.grid_model.rowCount() == 3, timeout=WAIT)
    bed_id = grid.grid_model.tiles[0].bed_id
    grid.select_bed(bed_id)
    assert actions.delete.isEnabled()

    qtbot.mouseClick(actions.delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=WAIT)
    box: QMessageBox = actions.dialog
    box.button(QMessageBox.StandardButton.Yes).click()
    removed = i18n._("Bed removed. The days it was in the inventory still count it.")
    qtbot.waitUntil(lambda: view.message.text() == removed, timeout=WAIT)
    assert chinese(view.message.text())
    qtbot.waitUntil(lambda: grid.grid_model.rowCount() == 2, timeout=WAIT)

    page.set_day(page.date.date().toPython() - timedelta(days=1))
    qtbot.waitUntil(
        lambda: view.grid_data is not None and view.grid_data.as_of is not None, timeout=WAIT
    )
    assert bed_id in {t.bed_id for t in grid.grid_model.tiles}
