"""Recording (or correcting) the court's ruling. The fields follow the petition: whom the
court designated for a guardianship petition, the validity of a protection order, the
monthly amount of child support."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from caseworker.i18n import _
from caseworker.models import Petition, Ruling
from caseworker.policy.dates import add_months
from caseworker.security.actor import Actor
from caseworker.services.court.labels import CITY_CWI_NAME, NEW_GUARDIAN_KINDS, RULING_OUTCOMES
from caseworker.services.court.petitions import GUARDIANSHIP_KINDS
from caseworker.services.court.rulings import RulingInput, correct_ruling, record_ruling
from caseworker.ui.court.common import (
    CourtDialog,
    choose,
    combo,
    date_edit,
    date_of,
    qdate,
    text_box,
)
from caseworker.ui.court.common import shanghai_today as today
from caseworker.ui.shell.db_lane import DbLane


class RulingDialog(CourtDialog):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        petition: Petition,
        correcting: Ruling | None = None,
        parent: QWidget | None = None,
    ):
        title = _("Correct the ruling") if correcting else _("Record the ruling")
        super().__init__(title, lane, actor, parent)
        self.petition_id, self.kind = petition.id, petition.kind
        self.correcting = correcting.id if correcting else None
        self.outcome = self.add("outcome", _("Decision"), combo(RULING_OUTCOMES, _("Choose…")))
        self.ruled_on = self.add("ruled_on", _("Ruled on"), date_edit(today()))
        self.summary_text = self.add("summary", _("What the court decided"), text_box(3))
        self.guardian_kind = combo(NEW_GUARDIAN_KINDS, _("Choose…"))
        self.guardian_name = QLineEdit()
        self.valid_from = date_edit(today())
        self.valid_until = date_edit(add_months(today(), 6) - timedelta(days=1))
        self.amount = QSpinBox()
        self.amount.setRange(0, 100000)
        self.amount.setSuffix(_(" yuan"))
        if petition.kind in GUARDIANSHIP_KINDS:
            self.add("new_guardian_kind", _("Guardian designated"), self.guardian_kind)
            self.add("new_guardian_name", _("Name of the guardian"), self.guardian_name)
            choose(self.guardian_kind, petition.proposed_guardian_kind)
            self.guardian_name.setText(petition.proposed_guardian_name)
            self.guardian_kind.currentIndexChanged.connect(self._kind_changed)
        elif petition.kind == "protection_order":
            self.add("order_valid_from", _("Order valid from"), self.valid_from)
            self.add("order_valid_until", _("Order valid until"), self.valid_until)
        elif petition.kind == "child_support":
            self.add("support_monthly_amount", _("Monthly support"), self.amount)
            self.amount.setValue(petition.support_monthly_amount or 0)
        if correcting is not None:
            self._fill(correcting)
        self.finish()

    def _fill(self, r: Ruling) -> None:
        choose(self.outcome, r.outcome)
        self.ruled_on.setDate(qdate(r.ruled_on))
        self.summary_text.setPlainText(r.summary)
        choose(self.guardian_kind, r.new_guardian_kind)
        self.guardian_name.setText(r.new_guardian_name)
        if r.order_valid_from and r.order_valid_until:
            self.valid_from.setDate(qdate(r.order_valid_from))
            self.valid_until.setDate(qdate(r.order_valid_until))
        self.amount.setValue(r.support_monthly_amount or 0)

    def _kind_changed(self) -> None:
        if self.guardian_kind.currentData() == "city_child_welfare_institution":
            self.guardian_name.setText(CITY_CWI_NAME)

    def data(self) -> RulingInput:
        guardianship = self.kind in GUARDIANSHIP_KINDS
        order = self.kind == "protection_order"
        return RulingInput(
            outcome=self.outcome.currentData() or "",
            ruled_on=date_of(self.ruled_on),
            summary=self.summary_text.toPlainText(),
            new_guardian_kind=(self.guardian_kind.currentData() or None) if guardianship else None,
            new_guardian_name=self.guardian_name.text() if guardianship else "",
            order_valid_from=date_of(self.valid_from) if order else None,
            order_valid_until=date_of(self.valid_until) if order else None,
            support_monthly_amount=(self.amount.value() or None)
            if self.kind == "child_support"
            else None,
        )

    def job(self):  # type: ignore[no-untyped-def]
        actor, data = self.actor, self.data()
        if self.correcting is not None:
            ref = self.correcting
            return lambda s: correct_ruling(s, actor, ref, data)
        ref = self.petition_id
        return lambda s: record_ruling(s, actor, ref, data)
