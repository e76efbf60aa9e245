"""The buttons beside the bed grid and what they do: each asks in a dialog if it must, then
runs one service on the database lane. The services check every rule again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QMessageBox, QPushButton, QWidget

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.beds.access import INVENTORY_ROLES, PLACEMENT_ROLES
from caseworker.services.beds.board import BedGrid, BedTile
from caseworker.services.beds.choices import admittable_cases, free_beds
from caseworker.services.beds.inventory import delete_bed, reserve_bed, set_bed_in_service
from caseworker.services.beds.placements import admit, discharge, transfer
from caseworker.services.errors import DomainError
from caseworker.ui.beds.dialogs import AdmitDialog, DischargeDialog, ReserveDialog, TransferDialog
from caseworker.ui.shell.db_lane import DbLane


class BedActions(QWidget):
    done = Signal(str)  # what happened, for the user
    failed = Signal(object)  # a DomainError

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lane, self._actor = lane, actor
        self.grid: BedGrid | None = None
        self.tile: BedTile | None = None
        self.dialog: Any = None  # the open dialog, if any (tests reach it here)
        self.admit = QPushButton(_("Admit…"))
        self.transfer = QPushButton(_("Transfer…"))
        self.discharge = QPushButton(_("Discharge…"))
        self.reserve = QPushButton(_("Reserve…"))
        self.unreserve = QPushButton(_("Cancel reservation"))
        self.out_of_service = QPushButton(_("Take out of service"))
        self.in_service = QPushButton(_("Return to service"))
        self.delete = QPushButton(_("Delete bed"))
        handlers: list[tuple[QPushButton, Callable[[], None]]] = [
            (self.admit, self._admit),
            (self.transfer, self._transfer),
            (self.discharge, self._discharge),
            (self.reserve, self._reserve),
            (self.unreserve, lambda: self._run(self._unreserve_job(), _("Reservation cancelled."))),
            (self.out_of_service, lambda: self._set_service(False)),
            (self.in_service, lambda: self._set_service(True)),
            (self.delete, self._delete),
        ]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, (button, handler) in enumerate(handlers):
            button.clicked.connect(handler)
            layout.addWidget(button, i // 2, i % 2)
        self.set_context(None, None, False)

    def set_context(self, grid: BedGrid | None, tile: BedTile | None, historical: bool) -> None:
        self.grid, self.tile = grid, tile
        state = tile.state if tile and not historical else None
        place = self._actor.role in PLACEMENT_ROLES
        keep = self._actor.role in INVENTORY_ROLES
        self.admit.setEnabled(place and state in ("available", "reserved"))
        self.transfer.setEnabled(place and state == "occupied")
        self.discharge.setEnabled(place and state == "occupied")
        self.reserve.setEnabled(place and state == "available")
        self.unreserve.setEnabled(place and state == "reserved")
        self.out_of_service.setEnabled(keep and state == "available")
        self.in_service.setEnabled(keep and state == "out_of_service")
        self.delete.setEnabled(keep and state in ("available", "out_of_service"))
        for button in (self.out_of_service, self.in_service, self.delete):
            button.setVisible(keep)

    # --- running services -------------------------------------------------------------
    def _run(self, job: Callable[[Any], Any], success: str) -> None:
        self._lane.submit(job, lambda _result: self.done.emit(success), self._fail)

    def _fail(self, error: DomainError) -> None:
        self.failed.emit(error)

    def _ask(self, dialog: Any, on_accept: Callable[[], None] | None) -> None:
        self.dialog = dialog
        if on_accept is not None:
            dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()

    def _bed_name(self) -> str:
        assert self.tile is not None
        return f"{self.tile.room} {self.tile.label}"

    # --- the actions ------------------------------------------------------------------
    def _admit(self) -> None:
        tile, grid, actor = self.tile, self.grid, self._actor
        assert tile is not None and grid is not None
        district = grid.institution.district_code

        def chosen(dialog: AdmitDialog) -> None:
            case_id = dialog.choice()
            if case_id is not None:
                self._run(lambda s: admit(s, actor, tile.bed_id, case_id), _("Admitted."))

        self._lane.submit(
            lambda s: admittable_cases(s, actor, district, bed_id=tile.bed_id),
            lambda cases: self._ask(
                d := AdmitDialog(self._bed_name(), cases, self), lambda: chosen(d)
            ),
            self._fail,
        )

    def _transfer(self) -> None:
        tile, actor = self.tile, self._actor
        assert tile is not None and tile.placement_id is not None
        pid = tile.placement_id

        def chosen(dialog: TransferDialog) -> None:
            bed_id = dialog.choice()
            if bed_id is not None:
                self._run(lambda s: transfer(s, actor, pid, bed_id), _("Transferred."))

        self._lane.submit(
            lambda s: free_beds(s, actor, tile.case_id),
            lambda beds: self._ask(d := TransferDialog(tile.child, beds, self), lambda: chosen(d)),
            self._fail,
        )

    def _discharge(self) -> None:
        tile, actor = self.tile, self._actor
        assert tile is not None and tile.placement_id is not None
        pid = tile.placement_id
        dialog = DischargeDialog(tile.child, self)

        def chosen() -> None:
            reason, note = dialog.reason_code(), dialog.note.text()
            self._run(lambda s: discharge(s, actor, pid, reason, note), _("Discharged."))

        self._ask(dialog, chosen)

    def _reserve(self) -> None:
        tile, grid, actor = self.tile, self.grid, self._actor
        assert tile is not None and grid is not None
        district = grid.institution.district_code

        def chosen(dialog: ReserveDialog) -> None:
            case_id = dialog.choice()
            if case_id is not None:
                self._run(lambda s: reserve_bed(s, actor, tile.bed_id, case_id), _("Reserved."))

        self._lane.submit(
            lambda s: admittable_cases(s, actor, district),
            lambda cases: self._ask(
                d := ReserveDialog(self._bed_name(), cases, self), lambda: chosen(d)
            ),
            self._fail,
        )

    def _unreserve_job(self) -> Callable[[Any], Any]:
        tile, actor = self.tile, self._actor
        assert tile is not None
        return lambda s: reserve_bed(s, actor, tile.bed_id, None)

    def _set_service(self, in_service: bool) -> None:
        tile, actor = self.tile, self._actor
        assert tile is not None
        text = _("Back in service.") if in_service else _("Taken out of service.")
        self._run(lambda s: set_bed_in_service(s, actor, tile.bed_id, in_service), text)

    def _delete(self) -> None:
        tile, actor = self.tile, self._actor
        assert tile is not None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete bed"),
            _("Delete bed {bed}? A bed with a history is kept as removed.").format(
                bed=self._bed_name()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )

        def deleted(erased: bool) -> None:
            # A bed that past days counted is retired: it stays in their figures.
            self.done.emit(
                _("Bed deleted.")
                if erased
                else _("Bed removed. The days it was in the inventory still count it.")
            )

        def clicked(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._lane.submit(lambda s: delete_bed(s, actor, tile.bed_id), deleted, self._fail)

        box.buttonClicked.connect(clicked)
        self._ask(box, None)
