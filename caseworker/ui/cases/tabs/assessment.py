"""Assessment tab: the investigation record and the family guardianship-capacity
assessments (start, resume a draft, correct a final one as a new version)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import N_, _, format_date, gettext
from caseworker.models import CapacityAssessment, FamilyMember, Investigation
from caseworker.policy.instrument import Instrument, InstrumentError, instruments
from caseworker.security.actor import Actor
from caseworker.services.cases import assessments
from caseworker.services.cases.detail import CaseDetail
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import APPROVAL_STATUSES, label
from caseworker.ui.cases.assessment_dialog import AssessmentDialog
from caseworker.ui.cases.tabs.common import alive, cell, hint, may_record, not_allowed_text, table
from caseworker.ui.cases.tabs.investigation import InvestigationForm
from caseworker.ui.cases.tabs.scoresheet import points
from caseworker.ui.shell.db_lane import DbLane

RELATIONSHIPS = {
    "father": N_("Father"),
    "mother": N_("Mother"),
    "grandparent": N_("Grandparent"),
}


def member_text(m: FamilyMember) -> str:
    rel = (
        gettext(RELATIONSHIPS[m.relationship_code])
        if m.relationship_code in RELATIONSHIPS
        else m.relationship_code
    )
    text = f"{m.name}（{rel}）"
    if m.is_guardian:
        text += " " + _("guardian")
    return text


def grade_label(a: CapacityAssessment) -> str:
    if not a.grade:
        return "—"
    try:
        return assessments.instrument_of(a).grade(a.grade).label
    except (InstrumentError, StopIteration):
        return a.grade  # the instrument file is gone: show the stored code


class StartDialog(QDialog):
    """Choose whose capacity to assess, and with which instrument."""

    def __init__(self, family: Sequence[FamilyMember], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New capacity assessment"))
        self.guardian = QComboBox()
        for m in sorted(family, key=lambda m: not m.is_guardian):
            if not m.deceased:
                self.guardian.addItem(member_text(m), m.id)
        self.instrument = QComboBox()
        for inst in instruments():
            self.instrument.addItem(
                _("{title} (version {v})").format(title=inst.title, v=inst.version), inst
            )
        form = QFormLayout(self)
        form.addRow(_("Guardian assessed"), self.guardian)
        form.addRow(_("Instrument"), self.instrument)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AssessmentTab(QWidget):
    changed = Signal()
    message = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.lane, self.actor, self.case_id = lane, actor, case_id
        self.family: list[FamilyMember] = []
        self.rows: list[CapacityAssessment] = []
        self.dialog: AssessmentDialog | None = None
        self.investigation = InvestigationForm(lane, actor, case_id)

        self.table = table(
            [
                _("Guardian"),
                _("Version"),
                _("Status"),
                _("Grade"),
                _("Total"),
                _("Approval"),
                _("Assessed on"),
            ]
        )
        for col, width in enumerate((150, 50, 70, 90, 60, 110)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.new_button = QPushButton(_("New assessment…"))
        self.open_button = QPushButton(_("View…"))
        self.correct_button = QPushButton(_("Correct (new version)…"))
        self.new_button.clicked.connect(lambda: self.start_new())
        self.open_button.clicked.connect(self.open_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        self.note = hint()
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for b in (self.new_button, self.open_button, self.correct_button):
            buttons.addWidget(b)
        box = QGroupBox(_("Family guardianship-capacity assessments"))
        inner = QVBoxLayout(box)
        inner.addWidget(self.table)
        inner.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.investigation)
        splitter.addWidget(box)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def show_case(self, d: CaseDetail, investigation: Investigation | None) -> None:
        self.family = list(d.family)
        names = {m.id: m.name for m in d.family}
        selected = self.selected()
        self.rows = list(reversed(d.assessments))
        self.table.setRowCount(len(self.rows))
        for row, a in enumerate(self.rows):
            grade = grade_label(a)
            decision, comment = d.assessment_decisions.get(a.id, ("pending", ""))
            if a.status == "draft":
                approval = "—"
            else:
                approval = label(APPROVAL_STATUSES, decision)
                if comment:
                    approval = f"{approval}：{comment}"
            values = (
                names.get(a.guardian_id, "?"),
                str(a.version),
                _("Final") if a.status == "final" else _("Draft"),
                grade,
                points(a.total) if a.total is not None else "—",
                approval,
                format_date(a.assessed_on) if a.assessed_on else "—",
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, cell(text, a.id))
            if selected is not None and a.id == selected.id:
                self.table.selectRow(row)
        self.investigation.show_investigation(investigation)
        self._update_buttons()

    def selected(self) -> CapacityAssessment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        a, allowed = self.selected(), may_record(self.actor)
        can_start = allowed and any(not m.deceased for m in self.family)
        self.new_button.setEnabled(can_start)
        self.new_button.setToolTip(
            ""
            if can_start
            else (not_allowed_text() if not allowed else _("No family member is recorded."))
        )
        self.open_button.setEnabled(a is not None)
        self.open_button.setText(
            _("Resume…") if a is not None and a.status == "draft" else _("View…")
        )
        self.correct_button.setEnabled(allowed and a is not None and a.status == "final")
        self.correct_button.setToolTip(
            _("A final assessment is never edited: correcting it opens a new version.")
            if allowed
            else not_allowed_text()
        )

    def set_allowed(self, allowed: bool) -> None:
        self.investigation.set_allowed(allowed, not_allowed_text())
        self._update_buttons()

    # --- opening ------------------------------------------------------------------------

    def _guardian_name(self, a: CapacityAssessment) -> str:
        return next((m.name for m in self.family if m.id == a.guardian_id), "?")

    def open_dialog(self, a: CapacityAssessment) -> AssessmentDialog | None:
        try:
            dialog = AssessmentDialog(self.lane, self.actor, a, self._guardian_name(a), self)
        except InstrumentError as exc:
            self.note.setText(str(exc))
            return None
        dialog.changed.connect(self.changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_selected(self) -> None:
        """Open the selected assessment as it is now stored (a save may be on its way)."""
        a = self.selected()
        if a is None:
            return
        actor, case_id, a_id = self.actor, self.case_id, a.id

        def job(s: Session) -> CapacityAssessment | None:
            return next(
                (x for x in assessments.assessments_of(s, actor, case_id) if x.id == a_id), None
            )

        def opened(fresh: CapacityAssessment | None) -> None:
            if fresh is not None:
                self.open_dialog(fresh)

        self.lane.submit(
            job,
            alive(self, opened),
            alive(self, lambda error: self.note.setText(error.message)),
        )

    def _run(self, job, done_text: str) -> None:  # type: ignore[no-untyped-def]
        def done(a: CapacityAssessment) -> None:
            self.message.emit(done_text)
            self.changed.emit()
            self.open_dialog(a)

        def failed(error: DomainError) -> None:
            self.note.setText(error.message)

        self.note.clear()
        self.lane.submit(job, alive(self, done), alive(self, failed))

    def start_new(
        self, guardian_id: int | None = None, instrument: Instrument | None = None
    ) -> None:
        """Ask for the guardian and instrument (unless given), then open the new draft."""
        if guardian_id is None or instrument is None:
            chooser = StartDialog(self.family, self)
            if chooser.exec() != QDialog.DialogCode.Accepted:
                return
            guardian_id, instrument = (
                chooser.guardian.currentData(),
                chooser.instrument.currentData(),
            )
        actor, case_id, inst = self.actor, self.case_id, instrument

        def job(s: Session) -> CapacityAssessment:
            return assessments.start_assessment(s, actor, case_id, guardian_id, inst)

        self._run(job, _("Assessment started."))

    def correct_selected(self) -> None:
        a = self.selected()
        if a is None or a.status != "final":
            return
        actor, a_id = self.actor, a.id
        self._run(
            lambda s: assessments.correct(s, actor, a_id), _("Correction opened as a new version.")
        )
