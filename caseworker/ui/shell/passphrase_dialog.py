"""The database passphrase, asked at start-up where no keyring holds the key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.storage.keys import MIN_NEW_PASSPHRASE


class PassphraseDialog(QDialog):
    """One field for an existing database; two (typed twice) for a new one."""

    def __init__(
        self, path: Path, *, new: bool, retry: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(_("Database passphrase"))
        if new:
            intro = _(
                "No keyring is available on this computer. Choose a passphrase for the new "
                "database {path}. Without it the database cannot be opened — keep it safe."
            )
        else:
            intro = _("Enter the passphrase of the database {path}.")
        text = QLabel(intro.format(path=path))
        text.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(_("Wrong passphrase; try again.") if retry else "")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Passphrase"), self.passphrase)
        if new:
            form.addRow(_("Again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, 220)

    def _check(self) -> None:
        value = self.passphrase.text()
        if self.new and len(value) < MIN_NEW_PASSPHRASE:
            self.error.setText(
                _("Too short: use at least {n} characters.").format(n=MIN_NEW_PASSPHRASE)
            )
        elif self.new and self.again.text() != value:
            self.error.setText(_("The two passphrases differ."))
        elif value:
            self.accept()

    def value(self) -> str:
        return self.passphrase.text()


def ask_database_passphrase(path: Path, *, new: bool, retry: bool) -> str | None:
    """`keys.PassphrasePrompt` for the GUI; None when the user cancels."""
    dialog = PassphraseDialog(path, new=new, retry=retry)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()
    finally:
        dialog.passphrase.clear()
        dialog.again.clear()
        dialog.deleteLater()
