"""Start the GUI: fonts, translations, database, sign-in, main window (or a screenshot)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from caseworker.app import AppContext, start
from caseworker.i18n import _
from caseworker.models import District
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate, has_accounts
from caseworker.services.errors import DomainError
from caseworker.settings import app_paths, load_settings
from caseworker.storage.database import describe
from caseworker.storage.keys import PassphraseCancelled
from caseworker.storage.migrate import SchemaError
from caseworker.ui.shell.first_admin_dialog import FirstAdminDialog
from caseworker.ui.shell.fonts import register_fonts
from caseworker.ui.shell.login_dialog import LoginDialog
from caseworker.ui.shell.main_window import MainWindow
from caseworker.ui.shell.passphrase_dialog import ask_database_passphrase


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("caseworker")
    register_fonts(app)
    return app


def install_qt_translations(app: QApplication, locale: str) -> None:
    """Qt's own strings (standard buttons, context menus) in the user's language."""
    if locale == "en":
        return
    translator = QTranslator(app)
    if translator.load(
        QLocale(locale), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)


def district_name(ctx: AppContext, actor: Actor) -> str | None:
    if actor.district_code is None:
        return None
    with ctx.sessions() as session:
        d = session.get(District, actor.district_code)
        return d.name if d else actor.district_code


def open_main_window(ctx: AppContext, actor: Actor) -> MainWindow:
    window = MainWindow(ctx, actor, district_name(ctx, actor))
    return window


def wait_until_settled(app: QApplication, window: MainWindow, timeout: float = 30.0) -> None:
    """Process events until the database lane is idle and the visible rows are loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.lane.busy():
            app.processEvents()
            if not window.lane.busy():
                return
        time.sleep(0.01)
    raise TimeoutError("the window did not finish loading in time")


def save_screenshot(widget: QWidget, path: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(path):
        raise OSError(f"could not write {path}")


def run_gui(db: str | None, screenshot: str | None, screen: str, user: str | None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    # Qt's own strings (OK, Cancel) already for the passphrase dialog that start() may show.
    install_qt_translations(app, load_settings(app_paths()).language)
    try:
        # No dialog for screenshots (offscreen, unattended): the key comes from the keyring
        # or CASEWORKER_DB_PASSPHRASE.
        ctx = start(db, ask_passphrase=None if screenshot else ask_database_passphrase)
    except PassphraseCancelled:
        return 0
    except (SchemaError, DomainError) as exc:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        if screenshot:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "caseworker", message)
        return 3 if isinstance(exc, SchemaError) else 2
    try:
        if screenshot:
            return _screenshot(app, ctx, screenshot, screen, user)
        with ctx.sessions() as session:
            first_run = not has_accounts(session)
        login: LoginDialog | FirstAdminDialog = (
            FirstAdminDialog(ctx.sessions, describe(ctx.url))
            if first_run
            else LoginDialog(ctx.sessions, describe(ctx.url))
        )
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            return 0
        window = open_main_window(ctx, login.actor)
        window.show()
        return app.exec()
    finally:
        ctx.close()


def _screenshot(
    app: QApplication, ctx: AppContext, path: str, screen: str, user: str | None
) -> int:
    if screen == "login":
        dialog = LoginDialog(ctx.sessions, describe(ctx.url))
        dialog.show()
        app.processEvents()
        save_screenshot(dialog, path)
        return 0
    password = os.environ.get("CASEWORKER_PASSWORD", DEMO_PASSWORD)
    try:
        with ctx.sessions() as session:
            actor = authenticate(session, user or "city", password)
    except DomainError as exc:
        print(
            _("Cannot sign in for the screenshot: {reason}").format(reason=exc.message),
            file=sys.stderr,
        )
        return 2
    window = open_main_window(ctx, actor)
    window.show_screen(screen)
    window.show()
    wait_until_settled(app, window)
    # The first page of rows is requested by the first paint; settle once more after it.
    save_screenshot(window, path)
    wait_until_settled(app, window)
    save_screenshot(window, path)
    window.close()
    return 0
