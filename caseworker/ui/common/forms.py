"""Form helpers shared by the dialogs: mark bad fields in place, show domain errors.

A refused save never clears the form: the fields keep what was typed, the bad ones are
outlined in red with the message beside them, and focus goes to the first.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from caseworker.services.errors import DomainError, ValidationError

ERROR_STYLE = "#{name} {{ border: 1px solid #b3261e; }}"  # the field only, not its children
ERROR_PROPERTY = "caseworkerError"


class FieldErrors:
    """Binds field names (as services report them) to widgets and their message labels."""

    def __init__(self, summary: QLabel) -> None:
        self.summary = summary
        summary.setStyleSheet("color: #b3261e")
        summary.setWordWrap(True)
        self.fields: dict[str, tuple[QWidget, QLabel | None]] = {}
        self._tooltips: dict[str, str] = {}  # the helpful tooltip an error message covers

    def bind(self, name: str, widget: QWidget, message: QLabel | None = None) -> None:
        if message is not None:
            message.setStyleSheet("color: #b3261e")
            message.setWordWrap(True)
            message.hide()
        self.fields[name] = (widget, message)

    def clear(self) -> None:
        self.summary.clear()
        for name, (widget, message) in self.fields.items():
            if widget.property(ERROR_PROPERTY):
                widget.setStyleSheet("")
                widget.setProperty(ERROR_PROPERTY, False)
                widget.setToolTip(self._tooltips.pop(name, ""))
            if message is not None:
                message.clear()
                message.hide()

    def show(self, error: DomainError) -> None:
        """Mark each field with its message; the summary lists every message, so nothing
        hides in a tooltip."""
        self.clear()
        errors: Mapping[str, str] = error.errors if isinstance(error, ValidationError) else {}
        first: QWidget | None = None
        for name, text in errors.items():
            bound = self.fields.get(name)
            if bound is None:
                continue
            widget, message = bound
            if not widget.objectName():
                widget.setObjectName(f"field_{name}")
            widget.setStyleSheet(ERROR_STYLE.format(name=widget.objectName()))
            widget.setProperty(ERROR_PROPERTY, True)
            self._tooltips.setdefault(name, widget.toolTip())
            widget.setToolTip(text)
            if message is not None:
                message.setText(text)
                message.show()
            first = first or widget
        self.summary.setText("\n".join(errors.values()) if errors else error.message)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def errors_shown(self) -> dict[str, str]:
        """What the form currently marks (for tests and screen readers)."""
        return {
            name: widget.toolTip()
            for name, (widget, _m) in self.fields.items()
            if widget.property(ERROR_PROPERTY)
        }
