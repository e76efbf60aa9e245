"""Lock the app after idle time; only the signed-in user's password opens it again.

Every lock and unlock is audited; repeated wrong passwords lock the account (the same
rule as signing in) and close the app.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import authenticate
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccountLocked, DomainError
from caseworker.ui.shell.db_lane import DbLane

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockDialog(QDialog):
    """Covers the window; asks for the password of the user who is signed in."""

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.setWindowTitle(_("Locked"))
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.unlock)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e")
        unlock, quit_ = QPushButton(_("Unlock")), QPushButton(_("Sign out and quit"))
        unlock.clicked.connect(self.unlock)
        quit_.clicked.connect(self.quit_app)
        buttons = QHBoxLayout()
        buttons.addWidget(unlock)
        buttons.addWidget(quit_)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "The app was locked after a period without use. Enter the "
                    "password of {name} to go on."
                ).format(name=actor.display_name)
            )
        )
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape:
            return  # Esc must not dismiss the lock
        super().keyPressEvent(event)

    def unlock(self) -> None:
        username, password = self.actor.username, self.password.text()
        self.password.clear()
        self.lane.submit(
            lambda s: authenticate(s, username, password), lambda _a: self.accept(), self._refused
        )

    def _refused(self, error: DomainError) -> None:
        self.message.setText(error.message)
        if isinstance(error, AccountLocked):
            self.quit_app()

    def quit_app(self) -> None:
        self.done(2)
        QApplication.instance().quit()  # type: ignore[union-attr]


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, lane: DbLane, actor: Actor, minutes: int) -> None:
        super().__init__(window)
        self.window, self.lane, self.actor = window, lane, actor
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.dialog: LockDialog | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and self.dialog is None:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.dialog is not None:
            return
        central = self.window.findChild(QWidget, "central")
        if central is not None:
            central.hide()  # nothing of the records stays on screen
        actor = self.actor

        def record(s) -> None:  # type: ignore[no-untyped-def]
            audit.record(s, actor, "session.lock")
            s.commit()

        self.lane.submit(record, lambda _r: None)
        self.dialog = LockDialog(self.lane, self.actor, self.window)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.open()
        self.locked.emit()

    def _unlocked(self) -> None:
        central = self.window.findChild(QWidget, "central")
        if central is not None:
            central.show()
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()
