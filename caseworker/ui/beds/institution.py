"""The board's third level: one institution's rooms and the grid of its beds; a manager
adds rooms and beds and edits a welfare facility's facts here."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.security.actor import Actor
from caseworker.services.beds.board import BedGrid, BedTile, bed_grid
from caseworker.services.errors import DomainError
from caseworker.ui.beds.actions import BedActions
from caseworker.ui.beds.grid import BedGridView, state_label
from caseworker.ui.beds.setup import COUNTS_FG, NOT_COUNTED_FG, verdict_text
from caseworker.ui.beds.setup_buttons import InstitutionButtons, RoomButtons
from caseworker.ui.shell.db_lane import DbLane

ALL_ROOMS = -1


class InstitutionView(QWidget):
    changed = Signal()  # a bed or placement changed: the figures above are stale
    loaded = Signal()

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lane, self._actor = lane, actor
        self.grid_data: BedGrid | None = None
        self.institution_id: int | None = None
        self.district_label = ""  # the page names the district (for the facts dialog)
        self.as_of: datetime | None = None
        self.select_room: int | None = None  # the room to show when the grid next arrives
        self.rooms = QListWidget()
        self.rooms.currentRowChanged.connect(lambda _row: self._show_tiles())
        self.room_setup = RoomButtons(lane, actor)
        self.room_setup.done.connect(self._room_set_up)
        rooms = QWidget()
        rooms.setFixedWidth(150)
        rooms_layout = QVBoxLayout(rooms)
        rooms_layout.setContentsMargins(0, 0, 0, 0)
        rooms_layout.addWidget(self.rooms, 1)
        rooms_layout.addWidget(self.room_setup)
        self.grid = BedGridView()
        self.grid.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.bed_actions = BedActions(lane, actor, self)
        self.bed_actions.done.connect(self._action_done)
        self.bed_actions.failed.connect(self.show_error)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.setup = InstitutionButtons(lane, actor, with_add=False, vertical=True)
        self.setup.done.connect(lambda text, _id: self._action_done(text))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details)
        side_layout.addWidget(self.bed_actions)
        side_layout.addWidget(self.verdict)
        side_layout.addWidget(self.setup)
        side_layout.addWidget(self.message)
        side_layout.addStretch(1)
        side.setMinimumWidth(230)
        side.setMaximumWidth(300)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rooms)
        layout.addWidget(self.grid, 1)
        layout.addWidget(side)

    # --- loading ----------------------------------------------------------------------
    def load(self, institution_id: int, as_of: datetime | None) -> None:
        if institution_id != self.institution_id:
            self.grid_data = None
            self.grid.grid_model.set_tiles([])
            self.rooms.clear()
            self.message.clear()
            self.verdict.clear()
            self.setup.set_context(None, "", None, False)
            self.room_setup.set_context(None, None)
        self.institution_id, self.as_of = institution_id, as_of
        actor = self._actor
        self._lane.submit(
            lambda s: bed_grid(s, actor, institution_id, as_of), self._arrived, self.show_error
        )

    def reload(self) -> None:
        if self.institution_id is not None:
            self.load(self.institution_id, self.as_of)

    def _arrived(self, grid: BedGrid) -> None:
        if grid.institution.id != self.institution_id:
            return  # the user has moved on
        self.grid_data = grid
        room = self.rooms.currentItem()
        keep = room.data(Qt.ItemDataRole.UserRole) if room is not None else ALL_ROOMS
        if self.select_room is not None:
            keep, self.select_room = self.select_room, None
        self.rooms.blockSignals(True)
        self.rooms.clear()
        counts: dict[int, list[int]] = {}
        for t in grid.beds:
            c = counts.setdefault(t.room_id, [0, 0])
            c[0] += 1
            c[1] += t.state == "occupied"
        entries = [(ALL_ROOMS, _("All rooms"), len(grid.beds), grid.institution.occupied)]
        for rid, name in grid.rooms:
            beds, occupied = counts.get(rid, [0, 0])
            entries.append((rid, name, beds, occupied))
        for rid, name, beds, occupied in entries:
            item = QListWidgetItem(f"{name}  {occupied}/{beds}")
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.rooms.addItem(item)
            if rid == keep:
                self.rooms.setCurrentItem(item)
        if self.rooms.currentRow() < 0:
            self.rooms.setCurrentRow(0)
        self.rooms.blockSignals(False)
        inst = grid.institution
        text, beds_count = verdict_text(
            inst.level, inst.setting_type, inst.independent_zone, inst.dedicated_staff
        )
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {COUNTS_FG if beds_count else NOT_COUNTED_FG};")
        self.setup.set_context(
            inst.district_code, self.district_label, inst, grid.as_of is not None
        )
        self._show_tiles()
        self.loaded.emit()

    def _show_tiles(self) -> None:
        if self.grid_data is None:
            return
        selected = self.grid.selected_tile()
        item = self.rooms.currentItem()
        room = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL_ROOMS
        tiles = [t for t in self.grid_data.beds if room in (ALL_ROOMS, t.room_id)]
        self.grid.grid_model.set_tiles(tiles)
        if selected is not None:
            self.grid.select_bed(selected.bed_id)
        self._selected()

    def room_id(self) -> int | None:
        item = self.rooms.currentItem()
        rid = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL_ROOMS
        if rid == ALL_ROOMS and self.grid_data and self.grid_data.rooms:
            return self.grid_data.rooms[0][0]
        return None if rid == ALL_ROOMS else int(rid)

    # --- selection and actions --------------------------------------------------------
    def _selected(self) -> None:
        tile = self.grid.selected_tile()
        self.details.setText(describe(tile) if tile else _("Choose a bed."))
        historical = self.grid_data is not None and self.grid_data.as_of is not None
        self.bed_actions.set_context(self.grid_data, tile, historical)
        self.room_setup.set_context(self.grid_data, self.room_id())

    def _action_done(self, text: str) -> None:
        self.message.setStyleSheet("color: #2e6b30;")
        self.message.setText(text)
        self.reload()
        self.changed.emit()

    def _room_set_up(self, text: str, room_id: int) -> None:
        """A room was added, or beds to a room: show that room."""
        self.select_room = room_id
        self._action_done(text)

    def show_error(self, error: DomainError) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(error.message)


def describe(tile: BedTile) -> str:
    lines = [f"<b>{escape(tile.room)} {escape(tile.label)}</b> — {state_label(tile.state)}"]
    lines.append(escape(tile.why))
    if tile.state == "occupied":
        lines.append(_("Child: {name}").format(name=escape(tile.child)))
        if tile.id_number:
            lines.append(_("ID number: {number}").format(number=escape(tile.id_number)))
        if tile.since:
            lines.append(_("Since: {when}").format(when=format_datetime(tile.since)))
        lines.append(_("Case: {number}").format(number=escape(tile.case_number)))
    if tile.reserved_for:
        lines.append(_("Reserved for case {number}").format(number=escape(tile.reserved_for)))
    return "<br>".join(lines)
