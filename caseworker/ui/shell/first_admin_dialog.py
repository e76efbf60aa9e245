"""The first start on a new database: create the system administrator, who then creates
everyone else's accounts. Shown instead of a sign-in nobody could pass."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import create_first_admin
from caseworker.services.errors import DomainError
from caseworker.ui.common.forms import FieldErrors


class FirstAdminDialog(QDialog):
    def __init__(
        self, sessions: sessionmaker[Session], database: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.actor: Actor | None = None
        self.setWindowTitle(_("New database — create the administrator"))
        self.username = QLineEdit("admin")
        self.display = QLineEdit()
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("at least {n} characters").format(n=8))
        intro = QLabel(
            _(
                "This database has no accounts yet. Create the system administrator: the "
                "administrator creates the accounts of staff, social workers and managers, "
                "and reads the audit trail, but not the cases."
            )
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        form = QFormLayout()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Name"), self.display)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.again)
        for name, widget in (
            ("username", self.username),
            ("password", self.password),
            ("again", self.again),
        ):
            self.errors.bind(name, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create and sign in"))
        buttons.accepted.connect(self.create_admin)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Database: {db}").format(db=database)))
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self.display.setFocus()

    def create_admin(self) -> None:
        try:
            with self._sessions() as session:
                self.actor = create_first_admin(
                    session,
                    username=self.username.text(),
                    display_name=self.display.text(),
                    password=self.password.text(),
                    again=self.again.text(),
                )
        except DomainError as error:
            self.errors.show(error)
            return
        self.accept()
