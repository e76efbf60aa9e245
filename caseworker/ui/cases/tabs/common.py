"""Pieces the case window's tabs share: a form that saves through the lane, who may use it,
small table and field helpers, and saving an attachment to a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Role, local_today
from caseworker.operations import exporting
from caseworker.security.actor import Actor
from caseworker.services.errors import DomainError
from caseworker.ui.common.export_options import ask_export
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane

QT_SHANGHAI = QTimeZone(b"Asia/Shanghai")
HINT_STYLE = "color: #5f6368;"
WARN_BG = "#fde7e9"

# Who may record casework, as the services decide (case_access.require_case_worker) and who
# may reassign (require_manager). The UI disables what the services would refuse.
RECORDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})
MANAGER_ROLES = frozenset({Role.MANAGER, Role.CITY})


def may_record(actor: Actor) -> bool:
    return actor.role in RECORDING_ROLES


def may_reassign(actor: Actor) -> bool:
    return actor.role in MANAGER_ROLES


def not_allowed_text() -> str:
    return _("Your role may view this case but not record casework.")


def shanghai_today() -> date:
    return local_today()  # one definition of "today" for forms and services


def datetime_edit() -> QDateTimeEdit:
    """A date-time field in Shanghai time (whatever the computer's zone), set to now."""
    edit = QDateTimeEdit()
    edit.setTimeZone(QT_SHANGHAI)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setToolTip(_("Shanghai time"))
    set_now(edit)
    return edit


def set_now(edit: QDateTimeEdit) -> None:
    edit.setDateTime(QDateTime.currentDateTime(QT_SHANGHAI))


def edited_time(edit: QDateTimeEdit) -> datetime:
    """The instant in the field, aware UTC as the services store times."""
    return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(qdate(value))
    return edit


def date_of(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()  # type: ignore[assignment]
    return value


def alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """Wrap a lane callback so it does nothing once its widget is gone."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


def text_box(lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HINT_STYLE)
    label.setWordWrap(True)
    return label


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.setTabKeyNavigation(False)  # Tab leaves the table for the next field
    return t


def cell(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class Form(QGroupBox):
    """A group of fields saved by one service call in the lane.

    Subclasses build their fields, bind them to `self.errors`, and implement `job()` (the
    lane job, or None when there is nothing to save) and `saved_text()`. While a save is in
    flight the save button is disabled; a refusal marks the fields and keeps what was typed.
    """

    saved = Signal(str)

    def __init__(self, title: str, lane: DbLane, actor: Actor, button_text: str) -> None:
        super().__init__(title)
        self.lane, self.actor = lane, actor
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self.save_button = QPushButton(button_text)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.submit)
        self.body = QVBoxLayout(self)
        self._allowed, self._why, self._busy = True, "", False
        self._clean: list[str] = []

    def finish(self) -> None:
        self.body.addWidget(self.summary)
        self.body.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.mark_clean()

    def _typed(self) -> list[str]:
        """What the user can type: line and text boxes (not the line inside a date field
        or a combo, which hold a choice, not typing)."""
        lines = [
            e.text()
            for e in self.findChildren(QLineEdit)
            if not isinstance(e.parent(), QAbstractSpinBox | QComboBox)
        ]
        return lines + [b.toPlainText() for b in self.findChildren(QPlainTextEdit)]

    def mark_clean(self) -> None:
        """The fields as they are now count as saved (after a save, or after loading)."""
        self._clean = self._typed()

    def unsaved(self) -> bool:
        """Typed text that a save has not kept: closing the window would lose it."""
        return self._allowed and self._typed() != self._clean

    def job(self) -> Callable[[Session], Any] | None:
        raise NotImplementedError

    def saved_text(self) -> str:
        return _("Saved.")

    def after_save(self, result: Any) -> None:
        """Clear what should start empty for the next entry."""

    def set_allowed(self, allowed: bool, why: str = "") -> None:
        self._allowed, self._why = allowed, why
        for child in self.findChildren(QWidget):
            if child is not self.summary:
                child.setEnabled(allowed)
        self.setToolTip("" if allowed else why)
        self._update_button()

    def busy(self) -> bool:
        return self._busy

    def _update_button(self) -> None:
        self.save_button.setEnabled(self._allowed and not self._busy)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)") if self._allowed else self._why)

    def submit(self) -> None:
        if not self._allowed or self._busy:
            return
        job = self.job()
        if job is None:
            return
        self._busy = True
        self._update_button()
        self.lane.submit(job, alive(self, self._done), alive(self, self._failed))

    def _done(self, result: Any) -> None:
        self._busy = False
        self._update_button()
        self.errors.clear()
        self.after_save(result)
        self.mark_clean()
        self.saved.emit(self.saved_text())

    def _failed(self, error: DomainError) -> None:
        self._busy = False
        self._update_button()
        self.errors.show(error)


def field(widget: QWidget) -> tuple[QWidget, QLabel]:
    """The widget with a message line under it (hidden until a save is refused)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    message = QLabel()
    lay.addWidget(message)
    return box, message


def field_rows(
    form: QFormLayout, errors: FieldErrors, rows: Sequence[tuple[str, str, QWidget]]
) -> None:
    """Rows of (service field name, title, widget), each with its message line, bound to
    `errors` so a refusal marks the field it names."""
    for name, title, widget in rows:
        box, message = field(widget)
        form.addRow(title, box)
        errors.bind(name, widget, message)


def save_attachment(
    parent: QWidget,
    lane: DbLane,
    actor: Actor,
    attachment_id: int,
    filename: str,
    report: Callable[[str], None],
    chosen: tuple[Path, str | None] | None = None,
) -> None:
    """Ask where to save (and whether to lock it in a password zip), then read
    (hash-checked) and write the file off the UI thread. Tests pass `chosen`."""
    if chosen is None:
        folder = Path.home() / "Documents"
        chosen = ask_export(
            parent,
            _("Save attachment as"),
            (folder if folder.is_dir() else Path.home()) / filename,
        )
        if chosen is None:
            return
    target, password = chosen

    def job(session: Session) -> Path:
        return exporting.export_attachment(session, actor, attachment_id, target, password)

    lane.submit(
        job,
        alive(parent, lambda path: report(_("Saved {path}.").format(path=path))),
        alive(parent, lambda error: report(error.message)),
    )
