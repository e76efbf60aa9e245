"""What the court panel's buttons do: open a dialog on the selected row, preview a
document, ask for the closure a granted ruling opens. CourtPanel builds on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from caseworker.i18n import _
from caseworker.services.cases.flow import TransitionOutcome, TransitionRequest, request_transition
from caseworker.services.court.labels import PETITION_LETTERS, SUPPORT_LETTER
from caseworker.services.court.rulings import RulingOutcome
from caseworker.ui.court.common import CourtDialog, alive
from caseworker.ui.court.dialogs import (
    ComplianceDialog,
    HearingOutcomeDialog,
    InterventionDialog,
    SupportAnswerDialog,
    SupportRequestDialog,
)
from caseworker.ui.court.petition_dialog import PetitionDialog
from caseworker.ui.court.preview import preview_job
from caseworker.ui.court.ruling_dialog import RulingDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from caseworker.security.actor import Actor
    from caseworker.services.cases.interventions import InterventionView
    from caseworker.services.court.views import PetitionView
    from caseworker.services.errors import DomainError
    from caseworker.ui.court.data import PanelData
    from caseworker.ui.shell.db_lane import DbLane


class CourtActions(QWidget):
    """The panel's actions. Needs from the panel: lane, actor, case_id, data, dialog, status, closure_reason,
    open_file, changed, refresh(), current_petition(), current_intervention(), _error()."""

    changed = Signal()  # after any save: the case window reloads the case

    if TYPE_CHECKING:
        lane: DbLane
        actor: Actor
        case_id: int
        data: PanelData | None
        dialog: CourtDialog | None
        status: QLabel
        closure_reason: str | None
        open_file: Callable[[Path], None]

        def refresh(self) -> None: ...
        def current_petition(self) -> PetitionView | None: ...
        def current_intervention(self) -> InterventionView | None: ...
        def _error(self, error: DomainError) -> None: ...

    # --- actions ---------------------------------------------------------------------

    def _open(self, dialog: CourtDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog.result_value))
        dialog.open()

    def _saved(self, result: Any) -> None:
        if isinstance(result, RulingOutcome):
            self.status.setText("\n".join(result.messages))
        else:
            self.status.setText(_("Saved."))
        self.changed.emit()
        self.refresh()

    def _new_intervention(self) -> None:
        if self.data is not None:
            self._open(
                InterventionDialog(self.lane, self.actor, self.case_id, self.data.family, self)
            )

    def _new_check(self) -> None:
        v = self.current_intervention()
        if v is not None:
            self._open(ComplianceDialog(self.lane, self.actor, v.intervention.id, self))

    def _new_petition(self) -> None:
        if self.data is not None:
            self._open(PetitionDialog(self.lane, self.actor, self.case_id, self.data, parent=self))

    def _with(self, cls) -> None:  # type: ignore[no-untyped-def]
        v = self.current_petition()
        if v is not None:
            self._open(cls(self.lane, self.actor, v.petition.id, self))

    def _outcome(self) -> None:
        v = self.current_petition()
        if v is not None:
            waiting = [h for h in v.hearings if h.outcome is None]
            self._open(HearingOutcomeDialog(self.lane, self.actor, waiting, self))

    def _ruling(self, correcting: bool) -> None:
        v = self.current_petition()
        if v is not None:
            ruling = v.ruling if correcting else None
            self._open(RulingDialog(self.lane, self.actor, v.petition, ruling, self))

    def _support(self) -> None:
        v = self.current_petition()
        if v is not None and self.data is not None:
            name = self.data.defaults.procuratorate
            self._open(SupportRequestDialog(self.lane, self.actor, v.petition.id, name, self))

    def _answer(self) -> None:
        v = self.current_petition()
        waiting = [r for r in v.support_requests if r.answer is None] if v else []
        if waiting:
            self._open(SupportAnswerDialog(self.lane, self.actor, waiting[-1], self))

    def _preview(self, support_letter: bool) -> None:
        v = self.current_petition()
        if v is None:
            return
        code = SUPPORT_LETTER if support_letter else PETITION_LETTERS[v.petition.kind]
        self.lane.submit(
            preview_job(self.actor, v.petition.id, code),
            alive(self, self._previewed),
            alive(self, self._error),
        )

    def _previewed(self, path: Path) -> None:
        self.status.setText(_("Preview written to {path}.").format(path=path))
        self.open_file(path)

    def _close_case(self) -> None:
        if self.closure_reason is None:
            return
        actor, case_id = self.actor, self.case_id
        req = TransitionRequest("close", reason=self.closure_reason)
        self.lane.submit(
            lambda s: request_transition(s, actor, case_id, req),
            alive(self, self._closed),
            alive(self, self._error),
        )

    def _closed(self, outcome: TransitionOutcome) -> None:
        if outcome.executed:
            self.status.setText(_("The case is closed."))
        else:
            self.status.setText(_("Closure requested: it waits for the manager's approval."))
        self.changed.emit()
        self.refresh()
