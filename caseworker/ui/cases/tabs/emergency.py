"""Emergency tab: the emergency response so far, and a form to record one more action."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _, format_datetime
from caseworker.models import EmergencyAction
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.services.reference.labels import EMERGENCY_ACTIONS, label
from caseworker.ui.cases.tabs.common import (
    Form,
    cell,
    datetime_edit,
    edited_time,
    field_rows,
    set_now,
    table,
    text_box,
)
from caseworker.ui.shell.db_lane import DbLane


class EmergencyForm(Form):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(_("Record an emergency action"), lane, actor, _("Record action"))
        self.case_id = case_id
        self.action = QComboBox()
        self.action.addItem(_("Choose the action…"), "")
        for code in EMERGENCY_ACTIONS:
            self.action.addItem(label(EMERGENCY_ACTIONS, code), code)
        self.acted_by = QLineEdit()
        self.acted_by.setPlaceholderText(_("Person and unit, e.g. police officer of the station"))
        self.acted_at = datetime_edit()
        self.whereabouts = QLineEdit()
        self.whereabouts.setPlaceholderText(_("Where the child is now"))
        self.note = text_box(2)
        form = QFormLayout()
        field_rows(
            form,
            self.errors,
            [
                ("action_code", _("Action taken"), self.action),
                ("acted_by", _("Who acted"), self.acted_by),
                ("acted_at", _("When"), self.acted_at),
                ("child_whereabouts", _("Child now at"), self.whereabouts),
                ("note", _("Note"), self.note),
            ],
        )
        self.body.addLayout(form)
        self.finish()

    def job(self) -> Callable[[Session], Any]:
        action_code: str = self.action.currentData() or ""
        acted_by, acted_at = self.acted_by.text(), edited_time(self.acted_at)
        whereabouts, note = self.whereabouts.text(), self.note.toPlainText()
        actor, case_id = self.actor, self.case_id
        return lambda s: casework.record_emergency_action(
            s,
            actor,
            case_id,
            action_code=action_code,
            acted_by=acted_by,
            acted_at=acted_at,
            child_whereabouts=whereabouts,
            note=note,
        )

    def saved_text(self) -> str:
        return _("Emergency action recorded.")

    def after_save(self, result: Any) -> None:
        self.action.setCurrentIndex(0)
        for w in (self.acted_by, self.whereabouts):
            w.clear()
        self.note.clear()
        set_now(self.acted_at)


class EmergencyTab(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = table(
            [_("When"), _("Action taken"), _("Who acted"), _("Child now at"), _("Note")]
        )
        for col, width in enumerate((130, 230, 180, 220)):
            self.table.setColumnWidth(col, width)
        self.form = EmergencyForm(lane, actor, case_id)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_actions(self, actions: Sequence[EmergencyAction]) -> None:
        self.table.setRowCount(len(actions))
        for row, a in enumerate(reversed(actions)):
            for col, text in enumerate(
                (
                    format_datetime(a.acted_at),
                    label(EMERGENCY_ACTIONS, a.action_code),
                    a.acted_by,
                    a.child_whereabouts,
                    a.note,
                )
            ):
                self.table.setItem(row, col, cell(text))
