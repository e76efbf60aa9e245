"""The main window: navigation on the left, one page per area, user and database below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.app import AppContext
from caseworker.db import describe
from caseworker.i18n import _
from caseworker.services.actor import Actor
from caseworker.services.labels import role_label
from caseworker.ui.beds_page import BedsPage
from caseworker.ui.case_list_page import CaseListPage
from caseworker.ui.db_lane import DbLane
from caseworker.ui.settings_page import SettingsPage

SCREENS = ("cases", "beds", "documents", "reports", "settings")


def _pending_page(text: str) -> QWidget:
    """A page whose work is still to come; it says so plainly rather than pretend."""
    page = QWidget()
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    return page


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, actor: Actor, district_name: str | None) -> None:
        super().__init__()
        self.ctx, self.actor = ctx, actor
        self.lane = DbLane(ctx.sessions, self)
        self.setWindowTitle(_("Child protection case system"))

        self.cases = CaseListPage(self.lane, actor)
        self.beds = BedsPage(self.lane, actor)
        self.settings_page = SettingsPage(ctx.paths, ctx.settings)
        pages: dict[str, tuple[str, QWidget]] = {
            "cases": (_("Cases"), self.cases),
            "beds": (_("Care beds"), self.beds),
            "documents": (
                _("Documents"),
                _pending_page(_("Issued documents and the document register are not built yet.")),
            ),
            "reports": (
                _("Reports"),
                _pending_page(_("Reports are not built yet.")),
            ),
            "settings": (_("Settings"), self.settings_page),
        }
        self.nav = QListWidget()
        self.nav.setFixedWidth(140)
        self.stack = QStackedWidget()
        for name in SCREENS:
            title, widget = pages[name]
            self.nav.addItem(title)
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self._show_page)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        # Ctrl+1 … Ctrl+5 jump between areas.
        for i, name in enumerate(SCREENS):
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
        self.cases.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.resize(1200, 760)
        self._loaded: set[str] = set()
        self.show_screen("cases")

    def show_screen(self, name: str) -> None:
        self.nav.setCurrentRow(SCREENS.index(name))

    def current_screen(self) -> str:
        return SCREENS[self.stack.currentIndex()]

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        name = SCREENS[row]
        if name in self._loaded:
            return
        self._loaded.add(name)
        if name == "cases":
            self.cases.refresh()
        elif name == "beds":
            self.beds.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lane.shutdown()
        super().closeEvent(event)
