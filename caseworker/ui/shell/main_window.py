"""The main window: navigation on the left, one page per area, user and database below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from caseworker.app import AppContext
from caseworker.i18n import _
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.reference.labels import role_label
from caseworker.storage.database import describe
from caseworker.ui.admin.accounts_page import AccountsPage
from caseworker.ui.admin.audit_page import AuditPage
from caseworker.ui.beds.page import BedsPage
from caseworker.ui.cases.intake_dialog import IntakeDialog
from caseworker.ui.cases.list_page import CaseListPage
from caseworker.ui.cases.my_work_page import MyWorkPage
from caseworker.ui.court.calendar import CourtCalendarPage
from caseworker.ui.documents.page import DocumentsPage
from caseworker.ui.shell.db_lane import DbLane
from caseworker.ui.shell.idle_lock import IdleLock
from caseworker.ui.shell.settings_page import SettingsPage
from caseworker.ui.stats.reports_page import ReportsPage

CASE_SCREENS = ("work", "cases", "beds", "calendar", "documents", "reports", "settings")
ADMIN_SCREENS = ("accounts", "audit", "settings")
SCREENS = CASE_SCREENS  # the screens of the roles that work with cases


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, actor: Actor, district_name: str | None) -> None:
        super().__init__()
        self.ctx, self.actor = ctx, actor
        self.lane = DbLane(ctx.sessions, self)
        self.setWindowTitle(_("Child protection case system"))

        self.case_windows: dict[int, QWidget] = {}
        self.settings_page = SettingsPage(ctx.paths, ctx.settings, self.lane, actor)
        pages = self._admin_pages() if actor.role is Role.ADMIN else self._case_pages()
        pages["settings"] = (_("Settings"), self.settings_page)
        self.screens = ADMIN_SCREENS if actor.role is Role.ADMIN else CASE_SCREENS
        self.nav = QListWidget()
        self.nav.setFixedWidth(130)
        # Large, well-spaced entries: the areas of the app, reachable with Ctrl+1 … Ctrl+6.
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        self.stack = QStackedWidget()
        for name in self.screens:
            title, widget = pages[name]
            self.nav.addItem(title)
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self._show_page)
        central = QWidget()
        central.setObjectName("central")  # hidden while the idle lock is shown
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Ctrl+1 … Ctrl+7 jump between areas.
        for i, name in enumerate(self.screens):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _checked=False, n=name: self.show_screen(n))
            self.addAction(act)

        where = district_name or _("All districts")
        self.user_label = QLabel(
            _("User: {name} ({role}, {where})").format(
                name=actor.display_name, role=role_label(actor.role), where=where
            )
        )
        self.db_label = QLabel(_("Database: {db}").format(db=describe(ctx.url)))
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        for _title, page in pages.values():
            if hasattr(page, "status_message"):
                page.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
            if hasattr(page, "open_case"):
                page.open_case.connect(self.open_case)
        if actor.role is not Role.ADMIN:
            self.cases.new_report.connect(self.new_report)
        self.pages = {name: widget for name, (_t, widget) in pages.items()}
        self.resize(1200, 760)
        self._loaded: set[str] = set()
        self.idle_lock = IdleLock(self, self.lane, actor, ctx.settings.idle_minutes)
        # Open case windows are windows of their own: the lock hides them too.
        self._hidden_by_lock: list[QWidget] = []
        self.idle_lock.locked.connect(self._hide_case_windows)
        self.idle_lock.unlocked.connect(self._show_case_windows)
        self.show_screen(self.screens[0])

    def _case_pages(self) -> dict[str, tuple[str, QWidget]]:
        self.work = MyWorkPage(self.lane, self.actor)
        self.cases = CaseListPage(self.lane, self.actor)
        self.beds = BedsPage(self.lane, self.actor)
        self.calendar = CourtCalendarPage(self.lane, self.actor)
        self.documents = DocumentsPage(self.lane, self.actor)
        self.reports = ReportsPage(self.lane, self.actor)
        return {
            "work": (_("My work"), self.work),
            "cases": (_("Cases"), self.cases),
            "beds": (_("Care beds"), self.beds),
            "calendar": (_("Court calendar"), self.calendar),
            "documents": (_("Documents"), self.documents),
            "reports": (_("Reports"), self.reports),
        }

    def _admin_pages(self) -> dict[str, tuple[str, QWidget]]:
        self.accounts = AccountsPage(self.lane, self.actor)
        self.audit_page = AuditPage(self.lane, self.actor)
        return {
            "accounts": (_("Accounts"), self.accounts),
            "audit": (_("Audit trail"), self.audit_page),
        }

    def show_screen(self, name: str) -> None:
        if name in self.screens:
            self.nav.setCurrentRow(self.screens.index(name))

    def current_screen(self) -> str:
        return self.screens[self.stack.currentIndex()]

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        name = self.screens[row]
        if name in self._loaded:
            return
        self._loaded.add(name)
        page = self.pages.get(name)
        if page is not None and hasattr(page, "refresh"):
            page.refresh()

    def open_case(self, case_id: int) -> QWidget:
        """One window per case; asking again raises the open one."""
        window = self.case_windows.get(case_id)
        if window is None:
            from caseworker.ui.cases.window import CaseWindow

            window = CaseWindow(self.lane, self.actor, case_id)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _obj=None, i=case_id: self.case_windows.pop(i, None))
            self.case_windows[case_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def new_report(self) -> None:
        dialog = IntakeDialog(self.lane, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._opened(dialog.case_id, dialog.case_number))
        dialog.open()

    def _opened(self, case_id: int | None, number: str) -> None:
        if case_id is None:
            return
        self.statusBar().showMessage(_("Case {number} opened.").format(number=number), 10000)
        self.cases.refresh()
        self.open_case(case_id)

    def _hide_case_windows(self) -> None:
        self._hidden_by_lock = [w for w in self.case_windows.values() if w.isVisible()]
        for window in self._hidden_by_lock:
            window.hide()

    def _show_case_windows(self) -> None:
        for window in self._hidden_by_lock:
            window.show()
        self._hidden_by_lock = []

    def closeEvent(self, event: QCloseEvent) -> None:
        for window in list(self.case_windows.values()):
            if not window.close():  # unsaved text: the case window asks; quit after
                event.ignore()
                window.raise_()
                return
        self.lane.shutdown()
        super().closeEvent(event)
