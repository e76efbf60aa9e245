"""Settings: language and idle lock (applied on the next start), and the user's password."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.accounts import admin as user_admin
from caseworker.settings import IDLE_MINUTES, AppPaths, Settings, save_settings
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane

LANGUAGES = [("zh_CN", "简体中文"), ("en", "English")]


class ChangePasswordDialog(QDialog):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.setWindowTitle(_("Change password"))
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.old, self.new, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self.errors.bind("old", self.old)
        self.errors.bind("new", self.new)
        form = QFormLayout()
        form.addRow(_("Current password"), self.old)
        form.addRow(_("New password"), self.new)
        form.addRow(_("New password again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.summary.setText(_("The two new passwords differ."))
            return
        actor, old, new = self.actor, self.old.text(), self.new.text()
        self.lane.submit(
            lambda s: user_admin.change_own_password(s, actor, old, new),
            lambda _r: self.accept(),
            self.errors.show,
        )


class SettingsPage(QWidget):
    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        lane: DbLane,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths, self._settings = paths, settings
        self.lane, self.actor = lane, actor
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _n in LANGUAGES].index(settings.language))
        self.idle = QSpinBox()
        self.idle.setRange(*IDLE_MINUTES)
        self.idle.setValue(settings.idle_minutes)
        self.idle.setSuffix(_(" minutes"))
        self.save = QPushButton(_("Save"))
        self.save.clicked.connect(self._save)
        self.password = QPushButton(_("Change password…"))
        self.password.clicked.connect(self._change_password)
        self.message = QLabel()
        form = QFormLayout()
        form.addRow(_("Interface language"), self.language)
        form.addRow(_("Lock after no use for"), self.idle)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _save(self) -> None:
        self._settings = replace(
            self._settings, language=self.language.currentData(), idle_minutes=self.idle.value()
        )
        save_settings(self._paths, self._settings)
        self.message.setText(_("Saved. The new settings apply when the program starts again."))

    def _change_password(self) -> None:
        dialog = ChangePasswordDialog(self.lane, self.actor, self)
        dialog.accepted.connect(lambda: self.message.setText(_("Your password was changed.")))
        dialog.open()
