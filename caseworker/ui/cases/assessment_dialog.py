"""The family guardianship-capacity assessment of one guardian: score, conclude, finish.

A draft is saved as often as wanted and resumed later; Finish scores, grades and locks it
and sends its conclusion to the manager. A final assessment opens read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import CapacityAssessment
from caseworker.security.actor import Actor
from caseworker.services.cases import assessments
from caseworker.services.errors import DomainError, ValidationError
from caseworker.services.reference.labels import RECOMMENDATIONS, label
from caseworker.ui.cases.tabs.common import (
    alive,
    date_edit,
    field,
    field_rows,
    hint,
    may_record,
    shanghai_today,
    text_box,
)
from caseworker.ui.cases.tabs.scoresheet import ScoreSheet, points
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.court.common import qdate
from caseworker.ui.shell.db_lane import DbLane


class AssessmentDialog(QDialog):
    changed = Signal()  # saved or finished: the case window reloads

    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        assessment: CapacityAssessment,
        guardian: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lane, self.actor, self.a = lane, actor, assessment
        self.inst = assessments.instrument_of(assessment)
        self.setWindowTitle(
            _("Capacity assessment of {guardian}, version {v}").format(
                guardian=guardian, v=assessment.version
            )
        )
        self.heading = QLabel(
            _("Guardian assessed: {guardian}, version {v}").format(
                guardian=guardian, v=assessment.version
            )
        )
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.instrument = hint(
            _("{title} — {standard}").format(title=self.inst.title, standard=self.inst.standard)
        )
        self.state = hint()

        self.sheet = ScoreSheet(self.inst)
        self.conclusion = text_box(4)
        self.recommendation = QComboBox()
        self.recommendation.addItem(_("Choose…"), None)
        for code in RECOMMENDATIONS:
            self.recommendation.addItem(label(RECOMMENDATIONS, code), code)
        self.assessed_on = date_edit(assessment.assessed_on or shanghai_today())
        self.assessed_on.setMaximumDate(qdate(shanghai_today()))
        ending = QGroupBox(_("Conclusion"))
        form = QFormLayout(ending)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        field_rows(
            form,
            self.errors,
            [
                ("conclusion", _("Assessor's conclusion"), self.conclusion),
                ("recommendation", _("Recommendation"), self.recommendation),
                ("assessed_on", _("Date of assessment"), self.assessed_on),
            ],
        )
        for code, spin in self.sheet.spins.items():
            self.errors.bind(code, spin, self.sheet.message_labels[code])

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.sheet)
        inner_layout.addWidget(ending)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)

        self.total = QLabel()
        bold = self.total.font()
        bold.setBold(True)
        self.total.setFont(bold)
        total_box, total_message = field(self.total)
        self.errors.bind("scores", self.total, total_message)
        self.save_button = QPushButton(_("Save draft"))
        self.save_button.setToolTip(_("Save and keep working (Ctrl+S or Ctrl+Enter)"))
        self.finish_button = QPushButton(_("Finish…"))
        self.finish_button.setToolTip(
            _("Score, grade and lock; the conclusion goes to the manager")
        )
        self.close_button = QPushButton(_("Close"))
        for b in (self.save_button, self.finish_button, self.close_button):
            b.setAutoDefault(False)  # Enter in a field must not finish the assessment
        self.save_button.clicked.connect(lambda: self.save())
        self.finish_button.clicked.connect(self.finish)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.instrument)
        layout.addWidget(scroll, 1)
        layout.addWidget(total_box)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(keys), self, lambda: self.save())
        self.sheet.changed.connect(self._update_total)
        self._busy = False
        self._load(assessment)
        self.resize(780, 820)

    # --- state -------------------------------------------------------------------------

    def _load(self, a: CapacityAssessment) -> None:
        self.a = a
        self.sheet.set_scores(a.scores)
        self.conclusion.setPlainText(a.conclusion)
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(a.recommendation)))
        if a.assessed_on:
            self.assessed_on.setDate(qdate(a.assessed_on))
        self._saved = self._values()
        locked = a.status != "draft" or not may_record(self.actor)
        self.sheet.set_read_only(locked)
        self.conclusion.setReadOnly(locked)
        self.recommendation.setEnabled(not locked)
        self.assessed_on.setEnabled(not locked)
        self.save_button.setVisible(not locked)
        self.finish_button.setVisible(not locked)
        self.state.setText(self._state_text(a))
        self._update_total()

    def _state_text(self, a: CapacityAssessment) -> str:
        if a.status == "draft":
            return _("Draft: saved work can be resumed later.")
        grade = self.inst.grade(a.grade).label if a.grade else ""
        if a.approved_at is not None:
            return _("Finished and approved: {grade}, {total} points.").format(
                grade=grade, total=points(a.total or 0)
            )
        return _(
            "Finished and locked: {grade}, {total} points. Sent to the manager for approval."
        ).format(grade=grade, total=points(a.total or 0))

    def _values(self) -> tuple[Any, ...]:
        return (
            self.sheet.scores(),
            self.conclusion.toPlainText(),
            self.recommendation.currentData(),
            self.assessed_on.date().toPython(),
        )

    def dirty(self) -> bool:
        return self.a.status == "draft" and self._values() != self._saved

    def _update_total(self) -> None:
        self.total.setText(self.sheet.summary())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.finish_button.setEnabled(not busy)

    # --- saving ------------------------------------------------------------------------

    def _save_job(self) -> Callable[[Session], CapacityAssessment]:
        scores, conclusion, recommendation, assessed_on = self._values()
        actor, a_id = self.actor, self.a.id
        return lambda s: assessments.save_draft(
            s,
            actor,
            a_id,
            scores=scores,
            conclusion=conclusion,
            recommendation=recommendation,
            assessed_on=assessed_on,
        )

    def save(self, then_close: bool = False) -> None:
        if self._busy or self.a.status != "draft" or not self.save_button.isVisible():
            return
        self._run(self._save_job(), _("Draft saved."), then_close)

    def finish(self) -> None:
        if self._busy or self.a.status != "draft":
            return
        answer = QMessageBox.question(
            self,
            _("Finish the assessment"),
            _(
                "Finish the assessment? It is scored and locked, and its conclusion goes to "
                "the manager for approval. Later changes need a correction (a new version)."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        save, actor, a_id = self._save_job(), self.actor, self.a.id

        def job(s: Session) -> CapacityAssessment:
            save(s)  # what was typed is kept even if finishing is refused
            return assessments.finalise(s, actor, a_id)

        self._run(job, _("Assessment finished and locked."), False)

    def _run(self, job: Callable[[Session], CapacityAssessment], done: str, close: bool) -> None:
        self._set_busy(True)
        self.errors.clear()

        def on_done(a: CapacityAssessment) -> None:
            self._set_busy(False)
            self._load(a)
            self.summary.setStyleSheet("color: #1e5b2c")
            self.summary.setText(done)
            self.changed.emit()
            if close:
                self.accept()

        self.lane.submit(job, alive(self, on_done), alive(self, self._failed))

    def _failed(self, error: DomainError) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError) and "scores" in error.errors:
            marked = dict(error.errors)
            for code in self.sheet.missing():
                marked.setdefault(code, _("Score this indicator."))
            error = ValidationError(error.message, field=error.field, errors=marked)
        self.errors.show(error)

    def reject(self) -> None:
        """Esc or Close: offer to keep unsaved changes rather than drop them."""
        if self.dirty() and not self._busy:
            answer = QMessageBox.question(
                self,
                _("Unsaved changes"),
                _("Save the draft before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save(then_close=True)
                return
        super().reject()
