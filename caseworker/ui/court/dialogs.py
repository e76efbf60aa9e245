"""Small dialogs of the court panel: an intervention on a guardian and its compliance
checks; a petition's filing, the request to the procuratorate and its answer; sessions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.models import FamilyMember, Hearing, SupportRequest
from caseworker.security.actor import Actor
from caseworker.services.cases import interventions
from caseworker.services.court import petitions as court
from caseworker.services.court import sessions as court_sessions
from caseworker.services.court.labels import (
    COMPLIANCE_RESULTS,
    HEARING_KINDS,
    HEARING_OUTCOMES,
    INTERVENTION_KINDS,
    ISSUING_BODIES,
    SUPPORT_ANSWERS,
)
from caseworker.ui.court.common import (
    CourtDialog,
    combo,
    date_edit,
    date_of,
    shanghai_today,
    text_box,
)
from caseworker.ui.shell.db_lane import DbLane

Job = Callable[[Session], Any]
FIRST_CHECK_DAYS = 30


def member_combo(family: Sequence[FamilyMember], guardians_first: bool = True) -> QComboBox:
    box = QComboBox()
    box.addItem(_("Choose…"), None)
    for m in family:
        tag = _(" (guardian)") if m.is_guardian else ""
        box.addItem(f"{m.name}{tag}", m.id)
    return box


class InterventionDialog(CourtDialog):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        case_id: int,
        family: Sequence[FamilyMember],
        parent: QWidget | None = None,
    ):
        super().__init__(_("Add an intervention on a guardian"), lane, actor, parent)
        self.case_id = case_id
        today = shanghai_today()
        self.member = self.add("member_id", _("Guardian"), member_combo(family))
        self.kind = self.add("kind", _("Intervention"), combo(INTERVENTION_KINDS, _("Choose…")))
        self.body_ = self.add(
            "issuing_body", _("Issuing body"), combo(ISSUING_BODIES, _("Choose…"))
        )
        self.issuer = self.add("issuer", _("Issuing office"), QLineEdit())
        self.issuer.setPlaceholderText(_("e.g. 花木派出所, 浦东新区人民法院"))
        self.issued_on = self.add("issued_on", _("Issued on"), date_edit(today))
        self.number = self.add("document_number", _("Document number"), QLineEdit())
        self.requirements = self.add("requirements", _("Requirements"), text_box(3))
        self.plan_check = QCheckBox(_("Plan a compliance check"))
        self.plan_check.setChecked(True)
        self.form.addRow("", self.plan_check)
        self.first_check = self.add(
            "first_check_on", _("First check"), date_edit(today + timedelta(days=FIRST_CHECK_DAYS))
        )
        self.plan_check.toggled.connect(self.first_check.setEnabled)
        self.finish()

    def job(self) -> Job:
        actor, case_id = self.actor, self.case_id
        values = {
            "member_id": self.member.currentData(),
            "kind": self.kind.currentData() or "",
            "issuing_body": self.body_.currentData() or "",
            "issuer": self.issuer.text(),
            "issued_on": date_of(self.issued_on),
            "document_number": self.number.text(),
            "requirements": self.requirements.toPlainText(),
            "first_check_on": date_of(self.first_check) if self.plan_check.isChecked() else None,
        }
        return lambda s: interventions.add_intervention(s, actor, case_id, **values)


class ComplianceDialog(CourtDialog):
    def __init__(self, lane: DbLane, actor: Actor, intervention_id: int, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(_("Record a compliance check"), lane, actor, parent)
        self.intervention_id = intervention_id
        today = shanghai_today()
        self.checked_on = self.add("checked_on", _("Checked on"), date_edit(today))
        self.result_box = self.add("result", _("Result"), combo(COMPLIANCE_RESULTS, _("Choose…")))
        self.note = self.add("note", _("What was found"), text_box(3))
        self.plan_next = QCheckBox(_("Plan the next check"))
        self.plan_next.setChecked(True)
        self.form.addRow("", self.plan_next)
        self.next_on = self.add("next_check_on", _("Next check"), date_edit(today + timedelta(30)))
        self.plan_next.toggled.connect(self.next_on.setEnabled)
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.intervention_id
        on, result = date_of(self.checked_on), self.result_box.currentData() or ""
        note = self.note.toPlainText()
        nxt = date_of(self.next_on) if self.plan_next.isChecked() else None
        return lambda s: interventions.record_compliance_check(
            s, actor, ref, checked_on=on, result=result, note=note, next_check_on=nxt
        )


class FilingDialog(CourtDialog):
    """The petition was filed; the court's case number may come now or later."""

    def __init__(self, lane: DbLane, actor: Actor, petition_id: int, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(_("Record the filing"), lane, actor, parent)
        self.petition_id = petition_id
        self.filed_on = self.add("filed_on", _("Filed on"), date_edit(shanghai_today()))
        self.number = self.add("court_case_number", _("Court case number"), QLineEdit())
        self.number.setPlaceholderText("（2026）沪0115民特123号")
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.petition_id
        filed, number = date_of(self.filed_on), self.number.text()
        return lambda s: court.record_filing(
            s, actor, ref, filed_on=filed, court_case_number=number
        )


class SupportRequestDialog(CourtDialog):
    def __init__(
        self, lane: DbLane, actor: Actor, petition_id: int, procuratorate: str, parent=None
    ):  # type: ignore[no-untyped-def]
        super().__init__(_("Ask the procuratorate to support the suit"), lane, actor, parent)
        self.petition_id = petition_id
        self.procuratorate = self.add("procuratorate", _("Procuratorate"), QLineEdit(procuratorate))
        self.requested_on = self.add("requested_on", _("Requested on"), date_edit(shanghai_today()))
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.petition_id
        name, on = self.procuratorate.text(), date_of(self.requested_on)
        return lambda s: court_sessions.request_support(
            s, actor, ref, procuratorate=name, requested_on=on
        )


class SupportAnswerDialog(CourtDialog):
    def __init__(self, lane: DbLane, actor: Actor, request: SupportRequest, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(_("The procuratorate's answer"), lane, actor, parent)
        self.request_id = request.id
        self.answer = self.add("answer", _("Answer"), combo(SUPPORT_ANSWERS, _("Choose…")))
        self.answered_on = self.add("answered_on", _("Answered on"), date_edit(shanghai_today()))
        self.note = self.add("note", _("Note"), text_box(2))
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.request_id
        answer, on, note = (
            self.answer.currentData() or "",
            date_of(self.answered_on),
            self.note.toPlainText(),
        )
        return lambda s: court_sessions.record_support_answer(
            s, actor, ref, answer=answer, answered_on=on, note=note
        )


class HearingDialog(CourtDialog):
    def __init__(self, lane: DbLane, actor: Actor, petition_id: int, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(_("Add a court session"), lane, actor, parent)
        self.petition_id = petition_id
        self.kind = self.add("kind", _("Session"), combo(HEARING_KINDS))
        self.on = self.add("scheduled_on", _("Date"), date_edit(shanghai_today()))
        self.time = self.add("time_text", _("Time"), QLineEdit())
        self.time.setPlaceholderText("09:30")
        self.place = self.add("place", _("Courtroom"), QLineEdit())
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.petition_id
        kind, on = self.kind.currentData() or "", date_of(self.on)
        time_text, place = self.time.text(), self.place.text()
        return lambda s: court_sessions.schedule_hearing(
            s, actor, ref, kind=kind, scheduled_on=on, time_text=time_text, place=place
        )


class HearingOutcomeDialog(CourtDialog):
    """What happened at one of the petition's sessions that has no outcome yet."""

    def __init__(self, lane: DbLane, actor: Actor, hearings: Sequence[Hearing], parent=None):  # type: ignore[no-untyped-def]
        super().__init__(_("What happened at the session"), lane, actor, parent)
        self.hearing = QComboBox()
        for h in hearings:
            kind = gettext(HEARING_KINDS.get(h.kind, h.kind))
            self.hearing.addItem(f"{h.scheduled_on.isoformat()} {h.time_text} {kind}", h.id)
        self.add("hearing", _("Session"), self.hearing)
        self.outcome = self.add(
            "outcome", _("Session result"), combo(HEARING_OUTCOMES, _("Choose…"))
        )
        self.note = self.add("note", _("What happened"), text_box(3))
        self.finish()

    def job(self) -> Job:
        actor, ref = self.actor, self.hearing.currentData()
        outcome, note = self.outcome.currentData() or "", self.note.toPlainText()
        return lambda s: court_sessions.record_hearing_outcome(
            s, actor, ref, outcome=outcome, note=note
        )
