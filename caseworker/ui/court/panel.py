"""The case window's court tab: interventions on guardians with their compliance follow-up,
and petitions with filing, 支持起诉, sessions and ruling — a ruling moves the case.

`CourtPanel(lane, actor, case_id)`; `refresh()` reloads it. Every save goes through the DB
lane; dialogs keep what was typed when a save is refused. `changed` is emitted after any
save, so the case window can reload its header and other tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.i18n import _
from caseworker.models import Role
from caseworker.policy.workflow import load_workflow
from caseworker.security.actor import Actor
from caseworker.services.cases.interventions import InterventionView
from caseworker.services.court.views import PetitionView
from caseworker.services.errors import DomainError
from caseworker.ui.court.actions import CourtActions
from caseworker.ui.court.common import (
    WARN_BG,
    WARN_FG,
    CourtDialog,
    alive,
    shanghai_today,
    table,
)
from caseworker.ui.court.data import PanelData, load_panel
from caseworker.ui.court.detail import petition_detail
from caseworker.ui.court.dialogs import (
    FilingDialog,
    HearingDialog,
)
from caseworker.ui.court.preview import open_with_system
from caseworker.ui.court.tables import (
    closure_offer,
    fill_interventions,
    fill_petitions,
    panel_warnings,
)
from caseworker.ui.shell.db_lane import DbLane

RECORDING = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY, Role.STAFF})


class CourtPanel(CourtActions):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.lane, self.actor, self.case_id = lane, actor, case_id
        self.data: PanelData | None = None
        self.dialog: CourtDialog | None = None
        self.closure_reason: str | None = None
        self.open_file = open_with_system  # tests replace it
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"background: {WARN_BG}; color: {WARN_FG}; padding: 6px;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.interventions = table(
            [
                _("Intervention"),
                _("Guardian"),
                _("Issuing body"),
                _("Issued on"),
                _("Next check"),
                _("Requirements"),
            ]
        )
        self.petitions = table(
            [
                _("Petition"),
                _("Court"),
                _("Court case number"),
                _("Filed"),
                _("Next session"),
                _("Status"),
            ]
        )
        for t, widths in (
            (self.interventions, (170, 80, 190, 90, 160)),
            (self.petitions, (200, 170, 190, 90, 120)),
        ):
            for col, w in enumerate(widths):
                t.setColumnWidth(col, w)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        b = self._button
        self.add_intervention = b(_("&Add intervention…"), self._new_intervention)
        self.add_check = b(_("Compliance &check…"), self._new_check)
        self.file_button = b(_("&File a petition…"), self._new_petition)
        self.filing_button = b(_("Record filing…"), lambda: self._with(FilingDialog))
        self.hearing_button = b(_("Add &session…"), lambda: self._with(HearingDialog))
        self.outcome_button = b(_("Session &outcome…"), self._outcome)
        self.ruling_button = b(_("Record &ruling…"), lambda: self._ruling(False))
        self.correct_button = b(_("Correct ruling…"), lambda: self._ruling(True))
        self.support_button = b(_("Ask procuratorate to support…"), self._support)
        self.answer_button = b(_("Procuratorate's answer…"), self._answer)
        self.preview_button = b(_("Preview petition PDF"), lambda: self._preview(False))
        self.preview_support_button = b(_("Preview 提请支持起诉函"), lambda: self._preview(True))
        self.close_button = b(_("Ask to close the case…"), self._close_case)
        self.interventions.itemSelectionChanged.connect(self._update_buttons)
        self.petitions.itemSelectionChanged.connect(self._selected)
        self._layout()
        self._update_buttons()

    def _button(self, text: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        def group(title: str, body: list[QWidget], rows: list[list[QPushButton]]) -> QGroupBox:
            box = QGroupBox(title)
            lay = QVBoxLayout(box)
            for w in body:
                lay.addWidget(w)
            for row in rows:
                line = QHBoxLayout()
                for button in row:
                    line.addWidget(button)
                line.addStretch(1)
                lay.addLayout(line)
            return box

        inter = group(
            _("Interventions on guardians (训诫, 告诫书, 家庭教育指导令, 督促监护令)"),
            [self.interventions],
            [[self.add_intervention, self.add_check]],
        )
        pets = group(
            _("Court petitions"),
            [self.petitions, self.detail],
            [
                [
                    self.file_button,
                    self.filing_button,
                    self.hearing_button,
                    self.outcome_button,
                    self.ruling_button,
                    self.correct_button,
                ],
                [
                    self.support_button,
                    self.answer_button,
                    self.preview_button,
                    self.preview_support_button,
                    self.close_button,
                ],
            ],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(inter, 2)
        layout.addWidget(pets, 3)

    # --- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        actor, case_id, today = self.actor, self.case_id, shanghai_today()
        self.lane.submit(
            lambda s: load_panel(s, actor, case_id, today),
            alive(self, self._show),
            alive(self, self._error),
        )

    def _error(self, error: DomainError) -> None:
        self.status.setText(error.message)

    def _show(self, data: PanelData) -> None:
        chosen = self.current_petition()
        self.data = data
        lines = panel_warnings(data.grounds)
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))
        fill_interventions(self.interventions, data.interventions)
        self.petitions.blockSignals(True)
        fill_petitions(self.petitions, data.petitions, chosen.petition.id if chosen else None)
        self.petitions.blockSignals(False)
        self._selected()
        self.closure_reason = closure_offer(data.petitions)
        self._update_buttons()

    # --- selection and buttons -------------------------------------------------------

    def current_petition(self) -> PetitionView | None:
        rows = self.petitions.selectionModel().selectedRows()
        if not rows or self.data is None:
            return None
        return self.data.petitions[rows[0].row()]

    def current_intervention(self) -> InterventionView | None:
        rows = self.interventions.selectionModel().selectedRows()
        if not rows or self.data is None:
            return None
        return self.data.interventions[rows[0].row()]

    def _selected(self) -> None:
        v = self.current_petition()
        self.detail.setText(petition_detail(v, self.data) if v and self.data else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        v = self.current_petition()
        may = self.actor.role in RECORDING and self.data is not None
        p = v.petition if v else None
        open_hearings = bool(v and any(h.outcome is None for h in v.hearings))
        undecided = p is not None and p.filed_on is not None and v is not None and not v.ruling
        states = {
            self.add_intervention: may,
            self.add_check: may and self.current_intervention() is not None,
            self.file_button: may,
            self.filing_button: may and p is not None and not (p.filed_on and p.court_case_number),
            self.hearing_button: may and undecided,
            self.outcome_button: may and open_hearings,
            self.ruling_button: may and undecided,
            self.correct_button: may and v is not None and v.ruling is not None,
            self.support_button: may and p is not None,
            self.answer_button: may
            and v is not None
            and any(r.answer is None for r in v.support_requests),
            self.preview_button: p is not None,
            self.preview_support_button: p is not None,
            self.close_button: may
            and self.closure_reason is not None
            and self.data is not None
            and self.data.stage != "closed",
        }
        for button, enabled in states.items():
            button.setEnabled(bool(enabled))
        reason = load_workflow().reason("closure_reasons", self.closure_reason or "")
        self.close_button.setToolTip(reason.label if reason else "")
