"""Setting up the inventory on the board, as a district manager does it: add an institution,
record its facts so its beds count, add a room and beds, and watch the district's figure.

Offscreen, through the real window, lane and services; dialogs and levels go to PNG.
"""

from __future__ import annotations

import ast
import json
import string
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from caseworker import i18n
from caseworker.app import AppContext, start
from caseworker.i18n import _
from caseworker.models import AuditEvent, Bed, Institution, Room
from caseworker.ui.beds.page import BedsPage
from caseworker.ui.shell.fonts import register_fonts
from tests.beds.board_ui import activate_row, board_window
from tests.beds.conftest import PENDING
from tests.beds.helpers import CHONGMING, chinese, make_ward
from tests.support.factories import build_small_demo

pytestmark = pytest.mark.gui
WAIT = 10_000
UI = Path(__file__).resolve().parents[2] / "caseworker" / "ui" / "beds"
WELFARE = "崇明区儿童福利院（测试）"


@pytest.fixture
def board(tmp_path: Path, qapp, _catalogue: Path) -> Iterator[tuple[AppContext, int]]:  # type: ignore[no-untyped-def]
    register_fonts(qapp)
    ctx = start(str(tmp_path / "demo.db"))
    i18n.activate("zh_CN", _catalogue)  # start() activated the catalogue as shipped
    build_small_demo(ctx.engine, children=40)
    with ctx.sessions() as s:
        inst, _room, _beds = make_ward(s, CHONGMING, beds=2)
        s.commit()
        inst_id = inst.id
    yield ctx, inst_id
    ctx.close()


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _shot(widget: QWidget, path: Path) -> None:
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert len(colours) > 10  # text and fields: not a blank canvas


def _district(qtbot, page: BedsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.table.rowCount() >= 1, timeout=WAIT)
    row = next(i for i, r in enumerate(page.rows) if r.district_code == CHONGMING)
    activate_row(qtbot, page.table, row)
    qtbot.waitUntil(lambda: len(page.institutions) > 0, timeout=WAIT)


def _counted(page: BedsPage) -> int:
    return next(r.counted for r in page.rows if r.district_code == CHONGMING)


def _institutions(ctx: AppContext) -> int:
    with ctx.sessions() as s:
        return s.scalar(select(func.count()).select_from(Institution)) or 0


def test_a_manager_sets_up_a_welfare_facility_and_the_district_counts_its_beds(  # type: ignore[no-untyped-def]
    qtbot, board, tmp_path
) -> None:
    ctx, _ward = board
    page = board_window(qtbot, ctx, "chongming.manager")
    _district(qtbot, page)
    before = _counted(page)
    view, setup = page.institutions_view, page.institutions_view.setup
    assert setup.add.isEnabled() and setup.add.text() == "新增机构…"
    assert not setup.edit.isEnabled() and setup.edit.toolTip() == "请先选择机构。"

    # Add: a welfare facility with an independent zone but no dedicated staff yet.
    _click(qtbot, setup.add)
    dialog = setup.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "新增机构"
    levels = [dialog.level.itemData(i) for i in range(dialog.level.count())]
    assert levels == ["district", "street"]  # a district manager adds no city-level one
    dialog.name.setText(WELFARE)  # keyClicks types ASCII only
    dialog.kind.setCurrentIndex(dialog.kind.findData("welfare_facility"))
    assert dialog.zone.isEnabled() and dialog.staff.isEnabled()
    dialog.zone.setChecked(True)
    assert dialog.verdict.text().startswith("床位不计入") and "专门人员" in dialog.verdict.text()
    _shot(dialog, tmp_path / "1-add-institution.png")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: setup.dialog is None, timeout=WAIT)
    qtbot.waitUntil(lambda: any(r.name == WELFARE for r in page.institutions), timeout=WAIT)
    added = view.selected()  # the new institution is selected
    assert added is not None and added.name == WELFARE and not added.counts
    assert page.status.text() == "已新增机构。"
    row = view.rows.index(added)
    assert view.table.item(row, 2).text() == "否"
    assert _counted(page) == before

    # Edit: its current facts are filled in; with dedicated staff too, its beds count.
    assert setup.edit.isEnabled()
    _click(qtbot, setup.edit)
    dialog = setup.dialog
    assert dialog.windowTitle() == "编辑机构信息"
    assert dialog.name.text() == WELFARE and dialog.name.isReadOnly()
    assert dialog.kind.currentData() == "welfare_facility" and not dialog.kind.isEnabled()
    assert dialog.zone.isChecked() and not dialog.staff.isChecked()
    dialog.staff.setChecked(True)
    assert dialog.verdict.text().startswith("床位计入")
    _shot(dialog, tmp_path / "2-edit-institution.png")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: setup.dialog is None, timeout=WAIT)
    qtbot.waitUntil(
        lambda: any(r.name == WELFARE and r.counts for r in page.institutions), timeout=WAIT
    )
    row = next(i for i, r in enumerate(view.rows) if r.id == added.id)
    assert view.table.item(row, 2).text() == "是" and view.selected() == view.rows[row]

    # Into the institution: no room yet, so no beds either.
    activate_row(qtbot, view.table, row)
    inst_view = page.institution_view
    qtbot.waitUntil(
        lambda: inst_view.grid_data is not None and inst_view.grid_data.institution.id == added.id,
        timeout=WAIT,
    )
    rooms = inst_view.room_setup
    assert rooms.add_room.isEnabled()
    assert not rooms.add_beds.isEnabled() and rooms.add_beds.toolTip() == "请先新增房间。"
    assert inst_view.setup.edit.isEnabled() and inst_view.verdict.text().startswith("床位计入")

    _click(qtbot, rooms.add_room)
    dialog = rooms.dialog
    dialog.name.setText("101室")
    _shot(dialog, tmp_path / "3-add-room.png")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: rooms.dialog is None, timeout=WAIT)
    qtbot.waitUntil(lambda: [n for _i, n in inst_view.grid_data.rooms] == ["101室"], timeout=WAIT)
    assert inst_view.rooms.currentItem().text().startswith("101室")  # the new room is shown
    assert inst_view.message.text() == "已新增房间。"
    assert rooms.add_beds.isEnabled()

    _click(qtbot, rooms.add_beds)
    dialog = rooms.dialog
    assert dialog.room.currentText() == "101室" and dialog.first.text() == "101-1"
    dialog.count.setValue(3)
    assert dialog.preview.text() == "将新增床位：101-1、101-2、101-3"
    _shot(dialog, tmp_path / "4-add-beds.png")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: rooms.dialog is None, timeout=WAIT)
    grid = inst_view.grid.grid_model
    qtbot.waitUntil(lambda: grid.rowCount() == 3, timeout=WAIT)
    assert [t.label for t in grid.tiles] == ["101-1", "101-2", "101-3"]
    assert all(t.counts and t.state == "available" for t in grid.tiles)
    assert inst_view.message.text() == "已新增床位 3 张。"
    qtbot.waitUntil(lambda: _counted(page) == before + 3, timeout=WAIT)
    _shot(page.window(), tmp_path / "5-institution.png")

    # The next beds of the room carry on from the last number.
    _click(qtbot, rooms.add_beds)
    assert rooms.dialog.first.text() == "101-4"
    rooms.dialog.reject()

    page.go_up()
    qtbot.waitUntil(
        lambda: any(r.id == added.id and r.beds == 3 for r in page.institutions), timeout=WAIT
    )
    _shot(page.window(), tmp_path / "6-institutions.png")
    page.go_up()
    row = next(i for i, r in enumerate(page.rows) if r.district_code == CHONGMING)
    assert page.table.item(row, 1).text() == str(before + 3)
    _shot(page.window(), tmp_path / "7-districts.png")

    with ctx.sessions() as s:
        beds = s.scalars(
            select(Bed.label).join(Room).where(Room.institution_id == added.id).order_by(Bed.label)
        ).all()
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(("institution.add", "institution.facts", "room.add"))
            )
        ).all()
    assert beds == ["101-1", "101-2", "101-3"]
    assert sorted(actions) == ["institution.add", "institution.facts", "room.add"]


def test_a_social_worker_sees_the_setup_buttons_disabled_and_why(qtbot, board, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, ward = board
    page = board_window(qtbot, ctx, "chongming.sw1")
    _district(qtbot, page)
    setup = page.institutions_view.setup
    why = _("Only a manager may change institutions, rooms and beds.")
    assert chinese(why)
    for button in (setup.add, setup.edit):
        assert button.isVisible() and not button.isEnabled() and button.toolTip() == why
    page.open_institution(ward)
    view = page.institution_view
    qtbot.waitUntil(lambda: view.grid.grid_model.rowCount() == 2, timeout=WAIT)
    for button in (view.room_setup.add_room, view.room_setup.add_beds, view.setup.edit):
        assert not button.isEnabled() and button.toolTip() == why
    _shot(page.window(), tmp_path / "social-worker.png")


def test_a_manager_cannot_change_a_past_day(qtbot, board) -> None:  # type: ignore[no-untyped-def]
    ctx, ward = board
    page = board_window(qtbot, ctx, "chongming.manager")
    _district(qtbot, page)
    page.set_day(page.date.date().toPython() - timedelta(days=1))
    setup = page.institutions_view.setup
    qtbot.waitUntil(lambda: page.institutions_view.historical, timeout=WAIT)
    assert not setup.add.isEnabled()
    assert setup.add.toolTip() == "当前显示的是过去的日期：请回到今天再修改机构、房间和床位。"
    page.open_institution(ward)
    view = page.institution_view
    qtbot.waitUntil(
        lambda: view.grid_data is not None and view.grid_data.as_of is not None, timeout=WAIT
    )
    assert not view.room_setup.add_room.isEnabled() and not view.room_setup.add_beds.isEnabled()


def test_an_empty_name_is_refused_at_the_field_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    qtbot, board, tmp_path
) -> None:
    ctx, ward = board
    page = board_window(qtbot, ctx, "chongming.manager")
    _district(qtbot, page)
    count = _institutions(ctx)
    setup = page.institutions_view.setup
    _click(qtbot, setup.add)
    dialog = setup.dialog
    qtbot.keyClicks(dialog.name, "   ")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: "name" in dialog.errors.errors_shown(), timeout=WAIT)
    assert dialog.isVisible() and dialog.save.isEnabled()
    assert dialog.errors.errors_shown() == {"name": "请输入名称。"}
    message = dialog.errors.fields["name"][1]
    assert message is not None and message.isVisible() and message.text() == "请输入名称。"
    assert dialog.name.hasFocus() or not dialog.isActiveWindow()
    _shot(dialog, tmp_path / "8-refused.png")
    assert _institutions(ctx) == count
    # Typing a name and saving again clears the mark.
    dialog.name.setText("崇明区新河镇未成年人保护工作站")
    dialog.level.setCurrentIndex(dialog.level.findData("street"))
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == ["street_station"]
    assert not dialog.zone.isEnabled() and dialog.verdict.text().startswith("床位计入")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: setup.dialog is None, timeout=WAIT)
    assert _institutions(ctx) == count + 1

    # A room without a name, and beds whose numbers would outgrow the label: refused too.
    page.open_institution(ward)
    view = page.institution_view
    qtbot.waitUntil(lambda: view.grid.grid_model.rowCount() == 2, timeout=WAIT)
    _click(qtbot, view.room_setup.add_room)
    dialog = view.room_setup.dialog
    _click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: "name" in dialog.errors.errors_shown(), timeout=WAIT)
    dialog.reject()
    _click(qtbot, view.room_setup.add_beds)
    dialog = view.room_setup.dialog
    dialog.first.setText("A" * 18 + "99")
    dialog.count.setValue(2)
    _click(qtbot, dialog.save)
    assert dialog.isVisible() and "label" in dialog.errors.errors_shown()
    assert "20" in dialog.errors.errors_shown()["label"]
    dialog.reject()
    with ctx.sessions() as s:
        rooms = s.scalar(select(func.count()).select_from(Room).where(Room.institution_id == ward))
        beds = s.scalar(
            select(func.count()).select_from(Bed).join(Room).where(Room.institution_id == ward)
        )
    assert (rooms, beds) == (1, 2)


def test_city_staff_add_a_city_level_institution(qtbot, board) -> None:  # type: ignore[no-untyped-def]
    ctx, _ward = board
    page = board_window(qtbot, ctx, "city")
    qtbot.waitUntil(lambda: page.table.rowCount() == 16, timeout=WAIT)
    page.open_district(None)
    setup = page.institutions_view.setup
    qtbot.waitUntil(lambda: len(page.institutions) > 0, timeout=WAIT)
    assert setup.add.isEnabled()
    _click(qtbot, setup.add)
    dialog = setup.dialog
    assert [dialog.level.itemData(i) for i in range(dialog.level.count())] == ["city"]
    assert dialog.verdict.text().startswith("床位不计入")
    dialog.name.setText("上海市未成年人保护中心（分部）")
    _click(qtbot, dialog.save)
    qtbot.waitUntil(
        lambda: any(r.name == "上海市未成年人保护中心（分部）" for r in page.institutions),
        timeout=WAIT,
    )
    with ctx.sessions() as s:
        made = s.scalars(select(Institution).where(Institution.name.like("%分部%"))).one()
    assert (made.level, made.district_code) == ("city", None)


def test_every_setup_message_has_its_chinese() -> None:
    """Each message of the board's modules is translated, or waits in a pending file."""
    with (i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po").open("rb") as fh:
        po = read_po(fh, locale="zh_CN")
    pending: dict[str, str] = {}
    for path in PENDING:
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    ids = set()
    for path in UI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "gettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                ids.add(node.args[0].value)
    missing = sorted(m for m in ids if m not in pending and not (m in po and po[m].string))
    assert missing == []
    for msgid, text in json.loads(PENDING[1].read_text(encoding="utf-8")).items():
        assert chinese(text), msgid
        assert sorted(_fields(msgid)) == sorted(_fields(text)), msgid


def _fields(text: str) -> list[str]:
    return [f for _l, f, _s, _c in string.Formatter().parse(text) if f is not None]
