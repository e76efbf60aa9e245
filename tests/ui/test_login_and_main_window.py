"""The app as a caseworker meets it: sign in, the case list, search, beds, settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from caseworker.settings import load_settings
from caseworker.ui.shell.fonts import UI_FAMILY
from caseworker.ui.shell.login_dialog import LoginDialog
from caseworker.ui.shell.start import open_main_window
from tests.support.factories import actor

pytestmark = pytest.mark.gui


def test_bundled_chinese_font_covers_rare_name_characters(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    assert UI_FAMILY in QFontDatabase.families()
    systems = QFontDatabase.writingSystems(UI_FAMILY)
    assert QFontDatabase.WritingSystem.SimplifiedChinese in systems


def test_login_lists_demo_accounts_and_rejects_a_wrong_password(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(demo_ctx.sessions, "demo")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_table is not None and dialog.demo_table.rowCount() == 66
    qtbot.keyClicks(dialog.username, "pudong.sw1")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.text() == "用户名或密码错误。"
    assert dialog.actor is None
    # One click on a demo account fills name and password; Enter signs in.
    row = next(
        r
        for r in range(dialog.demo_table.rowCount())
        if dialog.demo_table.item(r, 0).text() == "city"
    )
    dialog.demo_table.cellClicked.emit(row, 0)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "city"


def _window(qtbot, ctx, username):  # type: ignore[no-untyped-def]
    with ctx.sessions() as s:
        a = actor(s, username)
    window = open_main_window(ctx, a)
    qtbot.addWidget(window)
    window.show()
    return window


def _wait_rows(qtbot, page):  # type: ignore[no-untyped-def]
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.loaded_pages() > 0, timeout=10000)


def test_case_list_loads_searches_and_scrolls(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "city")
    window.show_screen("cases")
    page = window.cases
    _wait_rows(qtbot, page)
    assert page.model.rowCount() == 1200
    assert page.count.text() == "共 1,200 个案件"
    assert "用户：" in window.user_label.text() and "市级工作人员" in window.user_label.text()

    # Scrolling to the end loads the last page of rows on demand.
    page.table.scrollToBottom()
    last = page.model.rowCount() - 1
    qtbot.waitUntil(lambda: page.model.row_at(last) is not None, timeout=10000)
    assert page.model.index(last, 0).data().count("-") == 2

    # Typing a surname filters the list to children with that surname.
    with qtbot.waitSignal(page.model.first_page, timeout=10000):
        page.search.insert("王")  # as an input method commits it; QTest types ASCII only
    assert 0 < page.model.rowCount() < 1200
    names = [page.model.index(r, 1).data() for r in range(min(20, page.model.rowCount()))]
    assert names and all(n.startswith("王") for n in names)

    # The stage filter narrows further.
    with qtbot.waitSignal(page.model.first_page, timeout=10000):
        page.stage.setCurrentIndex(page.stage.findData("closed"))
    n = page.model.rowCount()
    assert n > 0
    stages = {page.model.index(r, 4).data() for r in range(min(n, 100))}
    assert stages == {"已结案"}


def test_district_staff_list_shows_only_their_district_with_masked_ids(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "pudong.staff")
    window.show_screen("cases")
    page = window.cases
    _wait_rows(qtbot, page)
    qtbot.waitUntil(lambda: page.model.row_at(0) is not None, timeout=10000)
    rows = [page.model.row_at(r) for r in range(min(50, page.model.rowCount()))]
    assert {r.district for r in rows} == {"浦东"}
    assert all("********" in r.id_number for r in rows if r.id_number)


def test_beds_page_flags_districts_below_the_minimum(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "city")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.cases.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() == "beds"
    qtbot.waitUntil(lambda: window.beds.table.rowCount() == 16, timeout=10000)
    statuses = [window.beds.table.item(r, 5).text() for r in range(16)]
    assert any(s.startswith("低于最低标准") for s in statuses)
    assert any(s == "达到最低标准" for s in statuses)


def test_language_setting_is_saved(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "city")
    window.show_screen("settings")
    page = window.settings_page
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    assert load_settings(demo_ctx.paths).language == "en"
    assert "下次启动" in page.message.text()  # applies on the next start
