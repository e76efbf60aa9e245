"""Sign-in. On a demo database the demo accounts are listed, one click fills the name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from caseworker.i18n import _
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import (
    DEMO_PASSWORD,
    DemoAccount,
    authenticate,
    demo_accounts,
)
from caseworker.services.errors import AuthenticationError
from caseworker.services.reference.labels import role_label


class LoginDialog(QDialog):
    def __init__(
        self, sessions: sessionmaker[Session], database: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.actor: Actor | None = None
        self.setWindowTitle(_("Sign in — Child protection case system"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        # Enter moves from the name to the password, and signs in from the password;
        # no default button, so Enter in the name field never submits half a form.
        for button in buttons.buttons():
            if isinstance(button, QPushButton):  # a button box's buttons all are
                button.setAutoDefault(False)
                button.setDefault(False)
        self.username.returnPressed.connect(self._name_entered)
        self.password.returnPressed.connect(self.try_login)

        title = QLabel(_("Child protection case system"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold")
        form = QFormLayout()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(_("Database: {db}").format(db=database)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        with sessions() as session:
            accounts = demo_accounts(session)
        self.demo_table: QTableWidget | None = None
        if accounts:
            self._add_demo_list(layout, accounts)
        self.resize(560, 520 if accounts else 260)

    def _add_demo_list(self, layout: QVBoxLayout, accounts: list[DemoAccount]) -> None:
        layout.addWidget(
            QLabel(
                _("Demo database. Every demo account's password is: {pw}").format(pw=DEMO_PASSWORD)
            )
        )
        table = QTableWidget(len(accounts), 4)
        table.setHorizontalHeaderLabels([_("User name"), _("Name"), _("Role"), _("District")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for i, a in enumerate(accounts):
            where = a.district_name or (_("All districts") if a.role is Role.CITY else "—")
            for j, value in enumerate((a.username, a.display_name, role_label(a.role), where)):
                table.setItem(i, j, QTableWidgetItem(value))
        table.cellClicked.connect(lambda row, _col: self._pick(accounts[row]))
        table.cellDoubleClicked.connect(lambda row, _col: self._pick(accounts[row], login=True))
        layout.addWidget(table, 1)
        self.demo_table = table

    def _pick(self, account: DemoAccount, *, login: bool = False) -> None:
        self.username.setText(account.username)
        self.password.setText(DEMO_PASSWORD)
        if login:
            self.try_login()

    def _name_entered(self) -> None:
        if self.password.text():
            self.try_login()
        else:
            self.password.setFocus(Qt.FocusReason.TabFocusReason)

    def try_login(self) -> None:
        username = self.username.text().strip()
        if not username:
            self.error.setText(_("Enter your user name."))
            self.username.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            with self._sessions() as session:
                self.actor = authenticate(session, username, self.password.text())
        except AuthenticationError as exc:
            self.error.setText(exc.message)
            self.password.selectAll()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()
