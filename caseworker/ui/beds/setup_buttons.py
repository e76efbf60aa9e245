"""The buttons that set up the inventory on the bed board, enabled only for whom the
services allow it (a disabled button says why in its tooltip; the service checks again).

`InstitutionButtons` sit above a district's institutions (add, edit facts) and beside one
institution (edit facts); `RoomButtons` under an institution's rooms (add a room, beds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.beds.access import INVENTORY_ROLES
from caseworker.services.beds.board import BedGrid, InstitutionRow
from caseworker.ui.beds.setup import BedsDialog, InstitutionDialog, RoomDialog, SetupDialog
from caseworker.ui.shell.db_lane import DbLane


def inventory_refusal(actor: Actor, historical: bool) -> str:
    """Why this user may not change the inventory now, or ''."""
    if actor.role not in INVENTORY_ROLES:
        return _("Only a manager may change institutions, rooms and beds.")
    if historical:
        return _("This is a past day: return to today to change the inventory.")
    return ""


def allow(button: QPushButton, refusal: str, tooltip: str = "") -> None:
    button.setEnabled(not refusal)
    button.setToolTip(refusal or tooltip)


class _SetupButtons(QWidget):
    done = Signal(str, object)  # what happened (for the user), the institution or room id

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._lane, self._actor = lane, actor
        self.dialog: Any = None  # the open dialog, if any (tests reach it here)

    def _open(self, dialog: SetupDialog, success: Callable[[], str]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.done.emit(success(), dialog.result_value))
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()


class InstitutionButtons(_SetupButtons):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        *,
        with_add: bool = True,
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(lane, actor, parent)
        self.district_code: str | None = None
        self.district_label = ""
        self.row: InstitutionRow | None = None
        self.add = QPushButton(_("Add institution…"))
        self.add.clicked.connect(self._add)
        self.add.setVisible(with_add)
        self.edit = QPushButton(_("Edit institution…"))
        self.edit.clicked.connect(self._edit)
        layout: QBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.add)
        layout.addWidget(self.edit)
        if not vertical:
            layout.addStretch(1)
        self.set_context(None, "", None, False)

    def set_context(
        self,
        district_code: str | None,
        district_label: str,
        row: InstitutionRow | None,
        historical: bool,
    ) -> None:
        self.district_code, self.district_label, self.row = district_code, district_label, row
        refusal = inventory_refusal(self._actor, historical)
        allow(self.add, refusal)
        if not refusal and row is None:
            refusal = _("Choose an institution first.")
        if not refusal and row is not None and row.setting_type != "welfare_facility":
            refusal = _(
                "Only a welfare facility has facts to edit: an independent zone and "
                "dedicated staff. The beds of other kinds count by their kind alone."
            )
        allow(
            self.edit,
            refusal,
            _("Record whether the welfare facility keeps an independent zone and dedicated staff."),
        )

    def _add(self) -> None:
        dialog = InstitutionDialog(
            self._lane, self._actor, self.district_code, self.district_label, parent=self
        )
        self._open(dialog, lambda: _("Institution added."))

    def _edit(self) -> None:
        if self.row is None:
            return
        dialog = InstitutionDialog(
            self._lane, self._actor, self.district_code, self.district_label, self.row, self
        )
        self._open(dialog, lambda: _("Saved."))


class RoomButtons(_SetupButtons):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(lane, actor, parent)
        self.grid: BedGrid | None = None
        self.room_id: int | None = None
        self.add_room = QPushButton(_("Add room…"))
        self.add_room.clicked.connect(self._add_room)
        self.add_beds = QPushButton(_("Add beds…"))
        self.add_beds.clicked.connect(self._add_beds)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.add_room)
        layout.addWidget(self.add_beds)
        self.set_context(None, None)

    def set_context(self, grid: BedGrid | None, room_id: int | None) -> None:
        self.grid, self.room_id = grid, room_id
        refusal = inventory_refusal(self._actor, grid is not None and grid.as_of is not None)
        loading = _("Loading…") if grid is None else ""
        allow(self.add_room, refusal or loading)
        if not (refusal or loading) and grid is not None and not grid.rooms:
            refusal = _("Add a room first.")
        allow(self.add_beds, refusal or loading)

    def _add_room(self) -> None:
        if self.grid is None:
            return
        inst = self.grid.institution
        dialog = RoomDialog(self._lane, self._actor, inst.id, inst.name, self)
        self._open(dialog, lambda: _("Room added."))

    def _add_beds(self) -> None:
        if self.grid is None:
            return
        labels: dict[int, list[str]] = {}
        for tile in self.grid.beds:
            labels.setdefault(tile.room_id, []).append(tile.label)
        dialog = BedsDialog(
            self._lane, self._actor, self.grid.rooms, labels, self.room_id, parent=self
        )
        self._open(dialog, lambda: _("Beds added: {n}.").format(n=len(dialog.labels())))
