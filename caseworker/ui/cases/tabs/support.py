"""Support plan tab: the services planned for the family, overdue ones highlighted; add one,
or move one on (in progress, done with its outcome, cancelled)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _, format_short_date
from caseworker.models import SupportItem
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.services.reference.labels import SUPPORT_SERVICES, SUPPORT_STATUSES, label
from caseworker.ui.cases.tabs.common import (
    WARN_BG,
    Form,
    cell,
    date_edit,
    field_rows,
    shanghai_today,
    table,
)
from caseworker.ui.court.common import date_of, qdate
from caseworker.ui.shell.db_lane import DbLane

OPEN_STATUSES = ("planned", "in_progress")
DEFAULT_DUE_DAYS = 14


def overdue(item: SupportItem) -> bool:
    return item.status in OPEN_STATUSES and item.due_on < shanghai_today()


class AddSupportForm(Form):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(_("Add a service to the plan"), lane, actor, _("Add to plan"))
        self.case_id = case_id
        self.service = QComboBox()
        self.service.addItem(_("Choose the service…"), "")
        for code in SUPPORT_SERVICES:
            self.service.addItem(label(SUPPORT_SERVICES, code), code)
        self.provider = QLineEdit()
        self.provider.setPlaceholderText(_("Who provides it, e.g. the street social-work station"))
        self.due = date_edit(shanghai_today() + timedelta(days=DEFAULT_DUE_DAYS))
        form = QFormLayout()
        field_rows(
            form,
            self.errors,
            [
                ("service_code", _("Service"), self.service),
                ("provider", _("Provider"), self.provider),
                ("due_on", _("Due"), self.due),
            ],
        )
        self.body.addLayout(form)
        self.finish()

    def job(self) -> Callable[[Session], Any]:
        service_code: str = self.service.currentData() or ""
        provider, due_on = self.provider.text(), date_of(self.due)
        actor, case_id = self.actor, self.case_id
        return lambda s: casework.add_support_item(
            s, actor, case_id, service_code=service_code, provider=provider, due_on=due_on
        )

    def saved_text(self) -> str:
        return _("Service added to the support plan.")

    def after_save(self, result: Any) -> None:
        self.service.setCurrentIndex(0)
        self.provider.clear()
        self.due.setDate(qdate(shanghai_today() + timedelta(days=DEFAULT_DUE_DAYS)))


class UpdateSupportForm(Form):
    def __init__(self, lane: DbLane, actor: Actor) -> None:
        super().__init__(_("Change the selected service"), lane, actor, _("Update"))
        self.item: SupportItem | None = None
        self.status = QComboBox()
        for code in SUPPORT_STATUSES:
            self.status.addItem(label(SUPPORT_STATUSES, code), code)
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText(_("Required when the service is done"))
        form = QFormLayout()
        field_rows(
            form,
            self.errors,
            [
                ("status", _("Status"), self.status),
                ("outcome", _("Outcome"), self.outcome),
            ],
        )
        self.body.addLayout(form)
        self.finish()
        self.select(None)

    def select(self, item: SupportItem | None) -> None:
        if item is not None and self.item is not None and item.id == self.item.id:
            self.item = item
            return  # the same item after a reload: keep what is typed
        self.item = item
        self.errors.clear()
        self.setTitle(
            _("Change: {service}").format(service=label(SUPPORT_SERVICES, item.service_code))
            if item
            else _("Select a service above to change its status")
        )
        if item is not None:
            self.status.setCurrentIndex(max(0, self.status.findData(item.status)))
            self.outcome.setText(item.outcome)
        self.mark_clean()
        self._update_button()

    def _update_button(self) -> None:
        super()._update_button()
        if self.item is None:
            self.save_button.setEnabled(False)

    def job(self) -> Callable[[Session], Any] | None:
        if self.item is None:
            return None
        actor, item_id = self.actor, self.item.id
        status, outcome = self.status.currentData(), self.outcome.text()
        return lambda s: casework.update_support_item(
            s, actor, item_id, status=status, outcome=outcome
        )

    def saved_text(self) -> str:
        return _("Support plan updated.")


class SupportTab(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[SupportItem] = []
        self.table = table([_("Service"), _("Provider"), _("Due"), _("Status"), _("Outcome")])
        for col, width in enumerate((170, 200, 160, 90)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._selected)
        self.add_form = AddSupportForm(lane, actor, case_id)
        self.update_form = UpdateSupportForm(lane, actor)
        forms = QWidget()
        row = QHBoxLayout(forms)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add_form, 1)
        row.addWidget(self.update_form, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(forms)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_items(self, items: Sequence[SupportItem]) -> None:
        chosen = self.update_form.item.id if self.update_form.item else None
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        late = QBrush(QColor(WARN_BG))
        for row, it in enumerate(self.items):
            due = format_short_date(it.due_on)
            if overdue(it):
                due = _("{date} (overdue)").format(date=due)
            values = (
                label(SUPPORT_SERVICES, it.service_code),
                it.provider,
                due,
                label(SUPPORT_STATUSES, it.status),
                it.outcome,
            )
            for col, text in enumerate(values):
                item = cell(text, it.id)
                if overdue(it):
                    item.setBackground(late)
                    item.setToolTip(
                        _("Overdue: due {date}").format(date=format_short_date(it.due_on))
                    )
                self.table.setItem(row, col, item)
            if it.id == chosen:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.update_form.select(next((i for i in self.items if i.id == chosen), None))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.update_form.select(self.items[rows[0].row()] if rows else None)

    def set_allowed(self, allowed: bool, why: str, closed: bool) -> None:
        self.add_form.set_allowed(
            allowed and not closed,
            why if not allowed else _("The case is closed; reopen it to plan more support."),
        )
        self.update_form.set_allowed(allowed, why)
