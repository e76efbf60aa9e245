"""Account administration: the list of accounts, new accounts, role, district and password."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.accounts import admin as user_admin
from caseworker.services.reference.labels import ROLES, role_label
from caseworker.services.reference.lists import district_choices
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.common.tables import read_only_table
from caseworker.ui.shell.db_lane import DbLane


def _role_combo(selected: Role) -> QComboBox:
    box = QComboBox()
    for role in ROLES:
        box.addItem(role_label(role), role.value)
    box.setCurrentIndex(box.findData(selected.value))
    return box


def _district_combo(districts: list[tuple[str, str]]) -> QComboBox:
    """'—' (no district: administrators and city-level staff) and every district."""
    box = QComboBox()
    box.addItem("—", None)
    for code, name in districts:
        box.addItem(name, code)
    return box


class EditUserDialog(QDialog):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        row: user_admin.UserRow,
        districts: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lane, self.actor, self.row = lane, actor, row
        self.setWindowTitle(_("Account {name}").format(name=row.username))
        self.display = QLineEdit(row.display_name)
        self.role = _role_combo(row.role)
        self.district = _district_combo(districts)
        self.district.setCurrentIndex(max(0, self.district.findText(row.district)))
        self.active = QCheckBox(_("Account active"))
        self.active.setChecked(row.active)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        form = QFormLayout()
        form.addRow(_("Name"), self.display)
        form.addRow(_("Role"), self.role)
        form.addRow(_("District"), self.district)
        form.addRow(self.active)
        self.errors.bind("role", self.role)
        self.errors.bind("district", self.district)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def save(self) -> None:
        actor, uid = self.actor, self.row.id
        role, district = Role(self.role.currentData()), self.district.currentData()
        name, active = self.display.text(), self.active.isChecked()
        self.lane.submit(
            lambda s: user_admin.update_user(
                s, actor, uid, role=role, district_code=district, display_name=name, active=active
            ),
            lambda _u: self.accept(),
            self.errors.show,
        )


class NewUserDialog(QDialog):
    """A new account: name, role, district. The first password is generated and shown once."""

    created = Signal(str, str)  # user name, first password

    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        districts: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.setWindowTitle(_("New account"))
        self.username, self.display = QLineEdit(), QLineEdit()
        self.username.setPlaceholderText(_("e.g. pudong.zhangsan"))
        self.role = _role_combo(Role.SOCIAL_WORKER)
        self.district = _district_combo(districts)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        form = QFormLayout()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Name"), self.display)
        form.addRow(_("Role"), self.role)
        form.addRow(_("District"), self.district)
        for name, widget in (
            ("username", self.username),
            ("role", self.role),
            ("district", self.district),
        ):
            self.errors.bind(name, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("A first password is generated and shown once after saving.")))
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def save(self) -> None:
        actor, role = self.actor, Role(self.role.currentData())
        username, name = self.username.text().strip(), self.display.text()
        district = self.district.currentData()
        self.lane.submit(
            lambda s: user_admin.new_account(
                s,
                actor,
                username=username,
                display_name=name,
                role=role,
                district_code=district,
            ),  # fmt: skip
            lambda pw: self._created(username, pw),
            self.errors.show,
        )

    def _created(self, username: str, password: str) -> None:
        self.accept()
        self.created.emit(username, password)


class AccountsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.rows: list[user_admin.UserRow] = []
        self.districts: list[tuple[str, str]] = []
        self.table = read_only_table(
            [_("User name"), _("Name"), _("Role"), _("District"), _("Status")]
        )
        self.table.cellDoubleClicked.connect(lambda r, _c: self.edit())
        new = QPushButton(_("New account…"))
        new.clicked.connect(self.new)
        edit, reset = QPushButton(_("Edit…")), QPushButton(_("Reset password…"))
        edit.clicked.connect(self.edit)
        reset.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(edit)
        buttons.addWidget(reset)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        lane.submit(district_choices, lambda d: setattr(self, "districts", d))

    def refresh(self) -> None:
        actor = self.actor
        self.lane.submit(
            lambda s: user_admin.list_users(s, actor),
            self._show,
            lambda e: self.status_message.emit(e.message),
        )

    def _show(self, rows: list[user_admin.UserRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            status = _("Active") if r.active else _("Deactivated")
            if r.locked_until is not None:
                status = _("Locked until {when}").format(when=format_datetime(r.locked_until))
            for j, value in enumerate(
                (r.username, r.display_name, role_label(r.role), r.district or "—", status)
            ):
                self.table.setItem(i, j, QTableWidgetItem(value))

    def current(self) -> user_admin.UserRow | None:
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def new(self) -> NewUserDialog:
        dialog = NewUserDialog(self.lane, self.actor, self.districts, self)
        dialog.created.connect(self._show_first_password)
        dialog.open()
        return dialog

    def _show_first_password(self, username: str, password: str) -> None:
        self.refresh()
        self.status_message.emit(_("Account {name} created.").format(name=username))
        QMessageBox.information(
            self,
            _("New account"),
            _(
                "The first password for {name} is:\n\n{pw}\n\nIt is shown only now. Ask the "
                "user to change it after signing in."
            ).format(name=username, pw=password),
        )

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = EditUserDialog(self.lane, self.actor, row, self.districts, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def reset(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            _("Reset password"),
            _("Give {name} a new password? The old one stops working at once.").format(
                name=row.username
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, uid = self.actor, row.id
        self.lane.submit(
            lambda s: user_admin.reset_password(s, actor, uid),
            lambda pw: self._show_password(row.username, pw),
            lambda e: self.status_message.emit(e.message),
        )

    def _show_password(self, username: str, password: str) -> None:
        self.refresh()
        QMessageBox.information(
            self,
            _("New password"),
            _(
                "The new password for {name} is:\n\n{pw}\n\nIt is shown only now. Ask the user to "
                "change it after signing in."
            ).format(name=username, pw=password),
        )
