"""Administrators' screens: accounts and the audit trail."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.accounts import admin as user_admin
from caseworker.services.audit import check as audit_check
from caseworker.services.audit.labels import action_label
from caseworker.services.audit.log import AuditFilter, search_audit
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import ROLES, role_label
from caseworker.services.reference.lists import district_choices
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane


def _python_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


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
        self.table = _table([_("User name"), _("Name"), _("Role"), _("District"), _("Status")])
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


class AuditPage(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.username, self.action, self.child = QLineEdit(), QLineEdit(), QLineEdit()
        self.child.setPlaceholderText(_("child number"))
        self.day_from, self.day_to = (
            QDateEdit(QDate.currentDate().addDays(-30)),
            QDateEdit(QDate.currentDate()),
        )
        for d in (self.day_from, self.day_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton(_("Search"))
        search.clicked.connect(self.refresh)
        self.message = QLabel()
        bar = QHBoxLayout()
        for label, widget in (
            (_("User"), self.username),
            (_("Action"), self.action),
            (_("Child"), self.child),
            (_("From"), self.day_from),
            (_("To"), self.day_to),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(search)
        self.table = _table([_("Time"), _("User"), _("Action"), _("Record"), _("Detail")])
        # Verifying the whole trail: chain, head, append-only guard, anchors kept on paper.
        self.anchors = QLineEdit()
        self.anchors.setPlaceholderText(
            _("anchors written down earlier, e.g. 1234:9f86d081884c7d65")
        )
        self.verify_button = QPushButton(_("Verify the trail"))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        check_bar = QHBoxLayout()
        check_bar.addWidget(QLabel(_("Anchors")))
        check_bar.addWidget(self.anchors, 1)
        check_bar.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(check_bar)
        layout.addWidget(self.verdict)

    def verify(self) -> None:
        anchors = self.anchors.text().replace(",", " ").replace("，", " ").split()
        actor = self.actor
        self.verify_button.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(_("Verifying the audit trail…"))
        self.lane.submit(
            lambda s: audit_check.check_trail_as(s, actor, anchors),
            self._verified,
            self._verify_failed,
        )

    def _verified(self, check: audit_check.TrailCheck) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setStyleSheet("" if check.ok else "color: #b3261e")
        self.verdict.setText("\n".join(audit_check.describe(check)))

    def _verify_failed(self, error: DomainError) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setStyleSheet("color: #b3261e")
        self.verdict.setText(error.message)

    def refresh(self) -> None:
        child = self.child.text().strip()
        if child and not child.isdigit():
            self.message.setText(_("The child number is a number."))
            return
        f = AuditFilter(
            username=self.username.text(),
            action=self.action.text(),
            child_id=int(child) if child else None,
            day_from=_python_date(self.day_from.date()),
            day_to=_python_date(self.day_to.date()),
        )
        actor = self.actor
        self.lane.submit(lambda s: search_audit(s, actor, f), self._show, self._error)

    def _error(self, error: DomainError) -> None:
        self.message.setText(error.message)

    def _show(self, events) -> None:  # type: ignore[no-untyped-def]
        self.message.setText(_("{n} events (newest first, at most 2,000)").format(n=len(events)))
        self.table.setRowCount(len(events))
        for i, e in enumerate(events):
            record = f"{e.entity_type} #{e.entity_id}" if e.entity_type else ""
            for j, value in enumerate(
                (
                    format_datetime(e.occurred_at),
                    e.username,
                    action_label(e.action),
                    record,
                    e.detail,
                )
            ):
                self.table.setItem(i, j, QTableWidgetItem(value))
            action = self.table.item(i, 2)
            if action is not None:
                action.setToolTip(e.action)  # the code, to type into the action filter
