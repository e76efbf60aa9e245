"""Driving the beds board in a real main window (offscreen), shared by the board tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from caseworker.app import AppContext
from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
from caseworker.ui.beds.page import BedsPage
from caseworker.ui.shell.main_window import MainWindow


def board_window(qtbot, ctx: AppContext, username: str) -> BedsPage:  # type: ignore[no-untyped-def]
    """The beds screen of a main window signed in as a demo user of 崇明区."""
    with ctx.sessions() as s:
        actor = authenticate(s, username, DEMO_PASSWORD)
    window = MainWindow(ctx, actor, "崇明区")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_screen("beds")
    return window.beds


def activate_row(qtbot, view: QAbstractItemView, row: int) -> None:  # type: ignore[no-untyped-def]
    """Click then double-click a row, as a user drills down."""
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
