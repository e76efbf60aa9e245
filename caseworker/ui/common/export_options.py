"""Saving a file that leaves caseworker: where to, and whether to lock it with a password.

Every export says who took it out and when (inside the file and in the audit trail); the
dialog tells the user so before the file is written, and offers the password.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.services.documents.export_guard import MIN_PASSWORD, check_export_password
from caseworker.services.errors import ValidationError
from caseworker.ui.common.forms import FieldErrors


class ProtectBox(QGroupBox):
    """'Protect with a password', off by default, with the password typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Protect with a password"), parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.password = QLineEdit()
        self.again = QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD))
        hint = QLabel(
            _(
                "Whoever opens the file needs this password. caseworker does not keep it: "
                "give it to the recipient by another way than the file."
            )
        )
        hint.setWordWrap(True)
        self.password_error, self.again_error = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(hint)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.password_error)
        form.addRow(_("Password again"), self.again)
        form.addRow("", self.again_error)

    def bind_errors(self, errors: FieldErrors) -> None:
        errors.bind("export_password", self.password, self.password_error)
        errors.bind("export_password_again", self.again, self.again_error)

    def chosen_password(self) -> str | None:
        """None when unchecked; raises ValidationError for a short or mistyped password."""
        if not self.isChecked():
            return None
        password = check_export_password(self.password.text(), self.again.text())
        if password is None:
            raise ValidationError(
                _("Type a password, or untick “Protect with a password”."),
                field="export_password",
            )
        return password


def stamp_notice() -> QLabel:
    label = QLabel(_("The file will say that you exported it, and when; the export is audited."))
    label.setWordWrap(True)
    return label


def checked_target(text: str) -> Path:
    """The file the user typed, if its folder exists; otherwise a message naming it."""
    if not text.strip():
        raise ValidationError(_("Choose where to save the file."), field="path")
    path = Path(text.strip()).expanduser()
    if not path.parent.is_dir():
        raise ValidationError(
            _("The folder {folder} does not exist.").format(folder=path.parent), field="path"
        )
    if path.is_dir():
        raise ValidationError(
            _("{path} is a folder; add a file name.").format(path=path), field="path"
        )
    return path


class SaveExportDialog(QDialog):
    """Where to save one file, with the password option. `choice()` after it is accepted."""

    def __init__(
        self, title: str, suggested: Path, file_filter: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._filter = file_filter
        self.path = QLineEdit(str(suggested))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.protect = ProtectBox()
        self.summary, path_error = QLabel(), QLabel()
        self.errors = FieldErrors(self.summary)
        self.errors.bind("path", self.path, path_error)
        self.protect.bind_errors(self.errors)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(_("File"), row)
        form.addRow("", path_error)
        lay.addLayout(form)
        lay.addWidget(stamp_notice())
        lay.addWidget(self.protect)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self._choice: tuple[Path, str | None] | None = None

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path.text(), self._filter
        )
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        """Checked here, so a bad folder or password keeps the dialog open with its message."""
        try:
            self._choice = (checked_target(self.path.text()), self.protect.chosen_password())
        except ValidationError as error:
            self.errors.show(error)
            return
        self.errors.clear()
        super().accept()

    def choice(self) -> tuple[Path, str | None]:
        assert self._choice is not None, "choice() before the dialog was accepted"
        return self._choice


def ask_export(
    parent: QWidget, title: str, suggested: Path, file_filter: str = ""
) -> tuple[Path, str | None] | None:
    """Modal: the chosen file and password (or None), or None when cancelled."""
    dialog = SaveExportDialog(title, suggested, file_filter, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()
