"""Dialogs for the moves a caseworker makes on a case: stage transitions, risk level,
transfer, reassignment. Each validates in the service and marks bad fields in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.policy.workflow import load_workflow
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.services.cases.flow import (
    TransitionOption,
    TransitionOutcome,
    TransitionRequest,
    request_transition,
    transition_options,
)
from caseworker.services.cases.transfers import request_transfer
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import CARE_FORMS, RISK_LEVELS, stage_label
from caseworker.services.reference.lists import district_choices
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane

Done = Callable[[], None]


class _LaneDialog(QDialog):
    """A dialog whose OK runs one service call in the lane; it closes only on success."""

    def __init__(self, parent: QWidget | None, lane: DbLane, title: str) -> None:
        super().__init__(parent)
        self.lane = lane
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.result_text = ""

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.buttons)

    def ok_button(self):  # type: ignore[no-untyped-def]
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def run(self, job, on_success: Callable[[object], None]) -> None:  # type: ignore[no-untyped-def]
        self.ok_button().setEnabled(False)
        self.errors.clear()

        def done(result: object) -> None:
            self.ok_button().setEnabled(True)
            on_success(result)
            self.accept()

        def failed(error: DomainError) -> None:
            self.ok_button().setEnabled(True)
            self.errors.show(error)

        self.lane.submit(job, done, failed)

    def submit(self) -> None:
        raise NotImplementedError


class TransitionDialog(_LaneDialog):
    """Choose a move; refused moves are listed with the rule, what is missing, and the clause."""

    def __init__(self, parent: QWidget | None, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(parent, lane, _("Move the case"))
        self.actor, self.case_id = actor, case_id
        self.options: list[TransitionOption] = []
        self.choices = QListWidget()
        self.why_not = QLabel()
        self.why_not.setWordWrap(True)
        self.reason = QComboBox()
        self.ground = QComboBox()
        self.reason_text = QPlainTextEdit()
        self.reason_text.setFixedHeight(70)
        self.care_form = QComboBox()
        for code, text in CARE_FORMS.items():
            self.care_form.addItem(_(text), code)
        self.caregiver = QLineEdit()
        self.layout_.insertWidget(0, self.choices)
        self.layout_.insertWidget(1, self.why_not)
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(_("Ground"), self.ground)
        self.form.addRow(_("Explanation"), self.reason_text)
        self.form.addRow(_("Form of care"), self.care_form)
        self.form.addRow(_("Relative or foster family"), self.caregiver)
        self.errors.bind("care_form", self.care_form)
        self.errors.bind("caregiver", self.caregiver)
        self.finish_layout()
        self.choices.currentRowChanged.connect(self._chosen)
        self.resize(620, 560)
        lane.submit(
            lambda s: transition_options(s, actor, case_id), self._show_options, self.errors.show
        )

    def _show_options(self, options: list[TransitionOption]) -> None:
        self.options = options
        for o in options:
            extra = _(" (needs a manager's approval)") if o.needs_approval else ""
            blocked = "" if o.allowed else _(" — not possible now")
            item = QListWidgetItem(f"{o.label} → {stage_label(o.to_stage)}{extra}{blocked}")
            item.setData(Qt.ItemDataRole.UserRole, o.code)
            if not o.allowed:
                item.setForeground(QBrush(QColor("#777777")))
            self.choices.addItem(item)
        first_allowed = next((i for i, o in enumerate(options) if o.allowed), 0)
        if options:
            self.choices.setCurrentRow(first_allowed)

    def _chosen(self, row: int) -> None:
        if not 0 <= row < len(self.options):
            return
        option = self.options[row]
        lines = [
            f"• {r.message}" + (f"（{r.rule_set} {r.clause}）" if r.rule_set else "")
            for r in option.refusals
        ]
        self.why_not.setText(_("Not possible now:") + "\n" + "\n".join(lines) if lines else "")
        self.ok_button().setEnabled(option.allowed)
        wf = load_workflow()
        t = wf.transition(option.code)
        self.reason.clear()
        self.ground.clear()
        if t is not None and t.reasons:
            for r in wf.reasons(t.reasons):
                self.reason.addItem(r.label, r.code)
        grounds = wf.reasons("revocation_grounds")
        for g in grounds:
            self.ground.addItem(g.label, g.code)
        self.reason.setEnabled(bool(t and t.reasons))
        self.ground.setEnabled(bool(t and t.reasons == "intervention_reasons"))
        tg = option.code == "start_temporary_guardianship"
        self.care_form.setEnabled(tg)
        self.caregiver.setEnabled(tg)

    def request(self) -> TransitionRequest:
        code = self.options[self.choices.currentRow()].code
        return TransitionRequest(
            code=code,
            reason=self.reason.currentData() if self.reason.isEnabled() else None,
            reason_text=self.reason_text.toPlainText(),
            ground=self.ground.currentData()
            if self.ground.isEnabled() and self.reason.currentData() == "revoke_guardianship"
            else None,
            care_form=self.care_form.currentData() if self.care_form.isEnabled() else None,
            caregiver=self.caregiver.text(),
        )

    def submit(self) -> None:
        if not self.options:
            return
        req = self.request()
        actor, case_id = self.actor, self.case_id

        def shown(outcome: object) -> None:
            assert isinstance(outcome, TransitionOutcome)
            self.result_text = (
                _("Done: the case is now at {stage}.").format(stage=stage_label(outcome.stage))
                if outcome.executed
                else _("Sent to the manager for approval.")
            )

        self.run(lambda s: request_transition(s, actor, case_id, req), shown)


class RiskDialog(_LaneDialog):
    def __init__(self, parent, lane, actor: Actor, case_id: int, current: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, lane, _("Risk level"))
        self.actor, self.case_id = actor, case_id
        self.level = QComboBox()
        for code, text in RISK_LEVELS.items():
            self.level.addItem(_(text), code)
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(80)
        self.form.addRow(_("Risk"), self.level)
        self.form.addRow(_("Reason"), self.reason)
        self.errors.bind("level", self.level)
        self.errors.bind("reason", self.reason)
        self.finish_layout()

    def submit(self) -> None:
        level, reason = self.level.currentData(), self.reason.toPlainText()
        actor, case_id = self.actor, self.case_id
        self.run(lambda s: casework.set_risk(s, actor, case_id, level, reason), lambda _r: None)


class TransferDialog(_LaneDialog):
    def __init__(self, parent, lane, actor: Actor, case_id: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, lane, _("Transfer the case"))
        self.actor, self.case_id = actor, case_id
        self.kind = QComboBox()
        self.kind.addItem(_("To another district's institution"), "district")
        self.kind.addItem(_("Cross-province referral"), "cross_province")
        self.district = QComboBox()
        self.province = QLineEdit()
        self.agency = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(80)
        self.form.addRow(_("Kind"), self.kind)
        self.form.addRow(_("Receiving district"), self.district)
        self.form.addRow(_("Province or city"), self.province)
        self.form.addRow(_("Receiving agency"), self.agency)
        self.form.addRow(_("Reason"), self.reason)
        for name, widget in (
            ("kind", self.kind),
            ("to_district", self.district),
            ("to_province", self.province),
            ("reason", self.reason),
        ):
            self.errors.bind(name, widget)
        self.finish_layout()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

        lane.submit(district_choices, self._districts)

    def _districts(self, rows) -> None:  # type: ignore[no-untyped-def]
        for code, name in rows:
            self.district.addItem(name, code)

    def _kind_changed(self) -> None:
        district = self.kind.currentData() == "district"
        self.district.setEnabled(district)
        self.province.setEnabled(not district)
        self.agency.setEnabled(not district)

    def submit(self) -> None:
        kind, reason = self.kind.currentData(), self.reason.toPlainText()
        to_district = self.district.currentData() if kind == "district" else None
        province, agency = self.province.text(), self.agency.text()
        actor, case_id = self.actor, self.case_id
        self.run(
            lambda s: request_transfer(
                s,
                actor,
                case_id,
                kind=kind,
                reason=reason,
                to_district=to_district,
                to_province=province,
                receiving_agency=agency,
            ),
            lambda _r: None,
        )


class ReassignDialog(_LaneDialog):
    def __init__(self, parent, lane, actor: Actor, case_id: int, district_code: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, lane, _("Reassign the case"))
        self.actor, self.case_id = actor, case_id
        self.owner = QComboBox()
        self.reason = QLineEdit()
        self.form.addRow(_("New owner"), self.owner)
        self.form.addRow(_("Reason"), self.reason)
        self.errors.bind("owner", self.owner)
        self.finish_layout()
        lane.submit(
            lambda s: casework.district_workers(s, actor, district_code),
            self._workers,
            self.errors.show,
        )

    def _workers(self, workers: list[tuple[int, str]]) -> None:
        for user_id, name in workers:
            self.owner.addItem(name, user_id)

    def submit(self) -> None:
        owner, reason = self.owner.currentData(), self.reason.text()
        if owner is None:
            return
        actor, case_id = self.actor, self.case_id
        self.run(lambda s: casework.reassign(s, actor, case_id, owner, reason), lambda _r: None)


def _open(dialog: _LaneDialog, on_done: Done) -> _LaneDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(on_done)
    dialog.open()
    return dialog


def open_transition_dialog(parent, lane, actor, case_id, on_done: Done):  # type: ignore[no-untyped-def]
    return _open(TransitionDialog(parent, lane, actor, case_id), on_done)


def open_risk_dialog(parent, lane, actor, case_id, current_level, on_done: Done):  # type: ignore[no-untyped-def]
    return _open(RiskDialog(parent, lane, actor, case_id, current_level), on_done)


def open_transfer_dialog(parent, lane, actor, case_id, on_done: Done):  # type: ignore[no-untyped-def]
    return _open(TransferDialog(parent, lane, actor, case_id), on_done)


def open_reassign_dialog(parent, lane, actor, case_id, district_code, on_done: Done):  # type: ignore[no-untyped-def]
    return _open(ReassignDialog(parent, lane, actor, case_id, district_code), on_done)
