"""The case window: one case, its header, the moves on it, and a tab per part of the work.

One top-level window per open case, non-modal. Everything it shows comes from
`case_detail` and `timeline` run in the DB lane; after any save it reloads them and
refreshes every tab, keeping the tab the user is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Investigation
from caseworker.security.actor import Actor
from caseworker.services.cases.assessments import latest_investigation
from caseworker.services.cases.detail import CaseDetail, case_detail
from caseworker.services.cases.timeline import Entry, timeline
from caseworker.services.documents.register import ISSUE_ROLES
from caseworker.services.errors import DomainError
from caseworker.ui.cases.header import CaseHeader
from caseworker.ui.cases.tabs.assessment import AssessmentTab
from caseworker.ui.cases.tabs.common import (
    Form,
    alive,
    may_reassign,
    may_record,
    not_allowed_text,
)
from caseworker.ui.cases.tabs.emergency import EmergencyTab
from caseworker.ui.cases.tabs.family import FamilyTab
from caseworker.ui.cases.tabs.notes import NotesTab
from caseworker.ui.cases.tabs.report import ReportTab
from caseworker.ui.cases.tabs.support import SupportTab
from caseworker.ui.cases.tabs.timeline import TimelineTab
from caseworker.ui.court.panel import CourtPanel
from caseworker.ui.shell.db_lane import DbLane

TABS = ("timeline", "report", "family", "emergency", "assessment", "support", "notes", "court")
MESSAGE_MS = 8000


@dataclass(frozen=True)
class Loaded:
    detail: CaseDetail
    entries: list[Entry]
    investigation: Investigation | None


class CaseWindow(QWidget):
    reloaded = Signal()  # every tab shows the case as it now is
    closed = Signal(int)  # the case id, so whoever opened the window can forget it

    def __init__(
        self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.lane, self.actor, self.case_id = lane, actor, case_id
        self.detail: CaseDetail | None = None
        self._ticket = 0
        self._discard_typed = False  # the user chose to close and lose unsaved text
        self.discard_box: QMessageBox | None = None
        self.setWindowTitle(_("Case"))

        self.header = CaseHeader()
        self.transition_button = QPushButton(_("Change stage…"))
        self.risk_button = QPushButton(_("Risk level…"))
        self.transfer_button = QPushButton(_("Transfer the case…"))
        self.reassign_button = QPushButton(_("Reassign…"))
        self.document_button = QPushButton(_("Issue a document…"))
        self.document_button.clicked.connect(self._issue_document)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.setToolTip(_("Reload the case (F5)"))
        self.transition_button.clicked.connect(self._transition)
        self.risk_button.clicked.connect(self._risk)
        self.transfer_button.clicked.connect(self._transfer)
        self.reassign_button.clicked.connect(self._reassign)
        self.reload_button.clicked.connect(self.reload)
        self.action_buttons = (
            self.transition_button,
            self.risk_button,
            self.transfer_button,
            self.reassign_button,
        )
        bar = QHBoxLayout()
        for b in (*self.action_buttons, self.document_button):
            b.setEnabled(False)  # until the case is loaded
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)

        self.timeline_tab = TimelineTab(lane, actor)
        self.report_tab = ReportTab()
        self.family_tab = FamilyTab(lane, actor, case_id)
        self.emergency_tab = EmergencyTab(lane, actor, case_id)
        self.assessment_tab = AssessmentTab(lane, actor, case_id)
        self.support_tab = SupportTab(lane, actor, case_id)
        self.notes_tab = NotesTab(lane, actor, case_id)
        self.court_tab = CourtPanel(lane, actor, case_id)
        self.court_tab.changed.connect(self.reload)
        self.tabs = QTabWidget()
        for widget, title in (
            (self.timeline_tab, _("Timeline")),
            (self.report_tab, _("Report")),
            (self.family_tab, _("Family")),
            (self.emergency_tab, _("Emergency")),
            (self.assessment_tab, _("Assessment")),
            (self.support_tab, _("Support plan")),
            (self.notes_tab, _("Notes")),
            (self.court_tab, _("Court petitions")),
        ):
            n = self.tabs.addTab(widget, title)
            self.tabs.setTabToolTip(n, f"Ctrl+{n + 1}")

        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        for form in self.forms():
            form.saved.connect(self._saved)
        for tab in (self.timeline_tab, self.notes_tab, self.assessment_tab):
            tab.message.connect(self.show_message)
        self.assessment_tab.changed.connect(self.reload)
        for n in range(len(TABS)):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, lambda n=n: self.tabs.setCurrentIndex(n))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_focused_form)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(1100, 780)
        self.reload()

    # --- loading ------------------------------------------------------------------------

    def forms(self) -> list[Form]:
        return [
            self.emergency_tab.form,
            self.assessment_tab.investigation,
            self.support_tab.add_form,
            self.support_tab.update_form,
            self.notes_tab.form,
            self.family_tab.form,
        ]

    def _issue_document(self) -> None:
        from caseworker.ui.documents.dialog import IssueDocumentDialog

        dialog = IssueDocumentDialog(self.lane, self.actor, self.case_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.issued.connect(lambda _doc_id: self.reload())
        dialog.open()

    def reload(self) -> None:
        """Read the case again; only the newest answer is shown if reloads overlap."""
        actor, case_id = self.actor, self.case_id
        self._ticket += 1
        ticket = self._ticket

        def job(s: Session) -> Loaded:
            return Loaded(
                case_detail(s, actor, case_id),
                timeline(s, actor, case_id),
                latest_investigation(s, actor, case_id),
            )

        self.lane.submit(
            job,
            alive(self, lambda loaded: self._show(ticket, loaded)),
            alive(self, self._failed),
        )

    def _show(self, ticket: int, loaded: Loaded) -> None:
        if ticket != self._ticket:
            return
        d = self.detail = loaded.detail
        self.setWindowTitle(
            _("{number} {child} — Case").format(number=d.case_number, child=d.child_name)
        )
        self.header.show_detail(d)
        self.timeline_tab.show_entries(loaded.entries)
        self.report_tab.show_reports(d.reports)
        self.emergency_tab.show_actions(d.emergency_actions)
        self.assessment_tab.show_case(d, loaded.investigation)
        self.support_tab.show_items(d.support_items)
        self.notes_tab.show_notes(loaded.entries)
        self.court_tab.refresh()
        self.family_tab.refresh()
        self._apply_roles(d)
        self.reloaded.emit()

    def _failed(self, error: DomainError) -> None:
        self.show_message(error.message)
        if self.detail is None:
            self.header.title.setText(error.message)
        for b in (*self.action_buttons, self.document_button):
            b.setEnabled(False)

    def _apply_roles(self, d: CaseDetail) -> None:
        allowed, why = may_record(self.actor), not_allowed_text()
        for b in (self.transition_button, self.risk_button, self.transfer_button):
            b.setEnabled(allowed)
            b.setToolTip("" if allowed else why)
        issuer = self.actor.role in ISSUE_ROLES
        self.document_button.setEnabled(issuer)
        self.document_button.setToolTip(
            "" if issuer else _("Your role may not issue or copy documents.")
        )
        manager = may_reassign(self.actor)
        self.reassign_button.setEnabled(manager)
        self.reassign_button.setToolTip(
            _("Give the case to another worker of its district")
            if manager
            else _("Only a manager may reassign a case.")
        )
        self.emergency_tab.form.set_allowed(allowed, why)
        self.assessment_tab.set_allowed(allowed)
        self.support_tab.set_allowed(allowed, why, d.stage == "closed")
        self.notes_tab.form.set_allowed(allowed, why)

    # --- saving and messages -------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, MESSAGE_MS)

    def _saved(self, text: str) -> None:
        self.show_message(text)
        self.reload()

    def save_focused_form(self) -> None:
        """Ctrl+Enter: save the form the keyboard focus is in."""
        w = QApplication.focusWidget()
        while w is not None and w is not self:
            if isinstance(w, Form):
                w.submit()
                return
            w = w.parentWidget()

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    # --- the moves on the case (dialogs from case_actions) ------------------------------

    def _transition(self) -> None:
        from caseworker.ui.cases import actions as case_actions

        case_actions.open_transition_dialog(
            self, self.lane, self.actor, self.case_id, alive(self, self.reload)
        )

    def _risk(self) -> None:
        from caseworker.ui.cases import actions as case_actions

        level = self.detail.risk_level if self.detail else ""
        case_actions.open_risk_dialog(
            self, self.lane, self.actor, self.case_id, level, alive(self, self.reload)
        )

    def _transfer(self) -> None:
        from caseworker.ui.cases import actions as case_actions

        case_actions.open_transfer_dialog(
            self, self.lane, self.actor, self.case_id, alive(self, self.reload)
        )

    def _reassign(self) -> None:
        from caseworker.ui.cases import actions as case_actions

        district = self.detail.district_code if self.detail else ""
        case_actions.open_reassign_dialog(
            self, self.lane, self.actor, self.case_id, district, alive(self, self.reload)
        )

    def unsaved_forms(self) -> list[Form]:
        return [form for form in self.findChildren(Form) if form.unsaved()]

    def closeEvent(self, event: QCloseEvent) -> None:
        dialog = self.assessment_tab.dialog
        if dialog is not None and dialog.isVisible() and dialog.dirty():
            event.ignore()  # an assessment has unsaved scores: ask there first
            dialog.reject()
            return
        unsaved = [] if self._discard_typed else self.unsaved_forms()
        if unsaved:
            event.ignore()
            self._ask_discard(unsaved)
            return
        self.closed.emit(self.case_id)
        super().closeEvent(event)

    def _ask_discard(self, forms: list[Form]) -> None:
        """Window-modal, not exec(): nothing blocks, and a window closed by the program
        (sign-out, idle lock) is never held up by a question nobody sees."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Unsaved text"),
            _("Text typed in {forms} is not saved. Close the case and lose it?").format(
                forms="、".join(f"“{form.title()}”" for form in forms)
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).setText(_("Close and lose it"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("Keep editing"))

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Discard:
                self._discard_typed = True
                self.close()
            else:
                self._show_form(forms[0])

        box.finished.connect(answered)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.discard_box = box

    def _show_form(self, form: Form) -> None:
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab is not None and tab.isAncestorOf(form):
                self.tabs.setCurrentIndex(i)
        form.setFocus(Qt.FocusReason.OtherFocusReason)
