"""The investigation record of the assessment stage: the child's safety, guardianship,
physical and mental health. Saving creates a new version; the latest one is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel
from sqlalchemy.orm import Session

from caseworker.i18n import _, format_datetime
from caseworker.models import Investigation
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.ui.cases.tabs.common import Form, field, hint, text_box
from caseworker.ui.shell.db_lane import DbLane

PARTS = ("safety", "guardianship", "physical_health", "mental_health")


class InvestigationForm(Form):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(_("Investigation record"), lane, actor, _("Save as a new version"))
        self.case_id = case_id
        self.version = hint(_("No investigation recorded yet."))
        self.boxes = {name: text_box(3) for name in PARTS}
        titles = {
            "safety": _("Safety situation"),
            "guardianship": _("Guardianship situation"),
            "physical_health": _("Physical health"),
            "mental_health": _("Mental health"),
        }
        grid = QGridLayout()
        for n, name in enumerate(PARTS):
            box, message = field(self.boxes[name])
            title = QLabel(titles[name])
            title.setBuddy(self.boxes[name])
            grid.addWidget(title, (n // 2) * 2, n % 2)
            grid.addWidget(box, (n // 2) * 2 + 1, n % 2)
            self.errors.bind(name, self.boxes[name], message)
        self.body.addWidget(self.version)
        self.body.addLayout(grid)
        self.finish()
        self._loaded = self.texts()
        self._shown_id: int | None = None

    def texts(self) -> dict[str, str]:
        return {name: box.toPlainText() for name, box in self.boxes.items()}

    def show_investigation(self, inv: Investigation | None) -> None:
        """Show the latest version, unless the user has typed over the one shown."""
        if inv is None:
            return
        latest = {name: getattr(inv, name) for name in PARTS}
        text = _("Latest version recorded {when}; saving records a new version.").format(
            when=format_datetime(inv.recorded_at)
        )
        if self.texts() == self._loaded:
            for name, box in self.boxes.items():
                box.setPlainText(latest[name])
            self._loaded = self.texts()
            self.mark_clean()
        elif inv.id != self._shown_id:
            text += " " + _("A newer version was recorded; your unsaved text is kept.")
        self._shown_id = inv.id
        self.version.setText(text)

    def job(self) -> Callable[[Session], Any]:
        values, actor, case_id = self.texts(), self.actor, self.case_id
        return lambda s: casework.record_investigation(s, actor, case_id, **values)

    def after_save(self, result: Any) -> None:
        self._loaded = self.texts()  # the reload replaces them with the saved version

    def saved_text(self) -> str:
        return _("Investigation record saved.")
