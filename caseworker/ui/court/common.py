"""Pieces the court screens share: a dialog whose save runs in the DB lane and marks the
bad fields (keeping what was typed), and small table, date and combo helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.security.actor import Actor
from caseworker.services.errors import DomainError

# One definition of each small widget helper, shared with the case window's tabs (and
# re-exported for the court modules).
from caseworker.ui.cases.tabs.common import HINT_STYLE as HINT_STYLE
from caseworker.ui.cases.tabs.common import WARN_BG as WARN_BG
from caseworker.ui.cases.tabs.common import alive as alive
from caseworker.ui.cases.tabs.common import cell as cell
from caseworker.ui.cases.tabs.common import date_edit as date_edit
from caseworker.ui.cases.tabs.common import date_of as date_of
from caseworker.ui.cases.tabs.common import field as field_box
from caseworker.ui.cases.tabs.common import hint as hint
from caseworker.ui.cases.tabs.common import qdate as qdate
from caseworker.ui.cases.tabs.common import shanghai_today as shanghai_today
from caseworker.ui.cases.tabs.common import table as table
from caseworker.ui.cases.tabs.common import text_box as text_box
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane

W = TypeVar("W", bound=QWidget)
WARN_FG = "#b3261e"


def combo(items: Mapping[str, str], prompt: str = "") -> QComboBox:
    """A combo of translated labels carrying their codes; an optional empty first choice."""
    box = QComboBox()
    if prompt:
        box.addItem(prompt, "")
    for code, text in items.items():
        box.addItem(gettext(text), code)
    return box


def choose(box: QComboBox, code: object) -> None:
    box.setCurrentIndex(max(0, box.findData(code)))


def short_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class CourtDialog(QDialog):
    """A form saved by one service call in the lane. Subclasses add fields with `add` and
    implement `job()`; a refusal marks the fields and keeps the dialog open as typed."""

    def __init__(
        self,
        title: str,
        lane: DbLane,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        scroll: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lane, self.actor = lane, actor
        self.result_value: Any = None
        self.form = QFormLayout()
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.scroller: QScrollArea | None = None
        if scroll:  # a long form: the fields scroll, the messages and buttons stay put
            inner = QWidget()
            inner.setLayout(self.form)
            self.scroller = QScrollArea()
            self.scroller.setWidgetResizable(True)
            self.scroller.setWidget(inner)
            self.body.addWidget(self.scroller, 1)
        else:
            self.body.addLayout(self.form)

    def finish(self) -> None:
        self.body.addWidget(self.summary)
        self.body.addWidget(self.buttons)

    def add(self, name: str, title: str, widget: W) -> W:
        """A form row whose error message appears right under the field."""
        box, message = field_box(widget)
        self.form.addRow(title, box)
        self.errors.bind(name, widget, message)
        return widget

    def job(self) -> Callable[[Session], Any]:
        raise NotImplementedError

    def save_button(self):  # type: ignore[no-untyped-def]
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def accept(self) -> None:
        if not self.save_button().isEnabled():
            return  # a save is in flight
        self.save_button().setEnabled(False)
        self.lane.submit(self.job(), alive(self, self._done), alive(self, self._failed))

    def _done(self, result: Any) -> None:
        self.result_value = result
        self.save_button().setEnabled(True)
        super().accept()

    def _failed(self, error: DomainError) -> None:
        self.save_button().setEnabled(True)
        self.errors.show(error)
        marked = [self.errors.fields[n][0] for n in self.errors.errors_shown()]
        if self.scroller is not None and marked:
            self.scroller.ensureWidgetVisible(marked[0])
