"""Administrators' screens, and the lock after idle time."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseworker.models import AuditEvent
from caseworker.ui.main import open_main_window
from tests.support.factories import actor

pytestmark = pytest.mark.gui


def _window(qtbot, ctx, username):  # type: ignore[no-untyped-def]
    with ctx.sessions() as s:
        a = actor(s, username)
    window = open_main_window(ctx, a)
    qtbot.addWidget(window)
    window.show()
    return window


def test_admin_sees_accounts_and_audit_not_cases(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "admin")
    assert window.screens == ("accounts", "audit", "settings")
    assert not hasattr(window, "cases")
    qtbot.waitUntil(lambda: window.accounts.table.rowCount() == 66, timeout=10000)
    names = {window.accounts.table.item(r, 0).text() for r in range(66)}
    assert {"admin", "city", "pudong.sw1"} <= names
    window.show_screen("audit")
    window.audit_page.username.setText("admin")
    window.audit_page.refresh()
    qtbot.waitUntil(lambda: window.audit_page.table.rowCount() > 0, timeout=10000)
    actions = {
        window.audit_page.table.item(r, 2).text() for r in range(window.audit_page.table.rowCount())
    }
    assert "login" in actions


def test_idle_lock_hides_records_until_the_password(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "pudong.sw1")
    central = window.centralWidget()
    window.idle_lock.timer.setInterval(50)
    window.idle_lock.timer.start()
    qtbot.waitUntil(lambda: window.idle_lock.dialog is not None, timeout=5000)
    assert not central.isVisible()
    dialog = window.idle_lock.dialog
    dialog.password.setText("wrong")
    dialog.unlock()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10000)
    assert window.idle_lock.dialog is dialog and not central.isVisible()
    dialog.password.setText("demo")
    with qtbot.waitSignal(window.idle_lock.unlocked, timeout=10000):
        dialog.unlock()
    assert central.isVisible()
    with demo_ctx.sessions() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.username == "pudong.sw1")
        ).all()
    assert "session.lock" in actions and actions.count("login") >= 2


def test_reports_page_totals(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "city")
    window.show_screen("reports")
    table = window.reports.table
    qtbot.waitUntil(lambda: table.rowCount() == 17, timeout=10000)
    total = table.item(16, table.columnCount() - 1).text()
    assert total == "1,200" and table.item(16, 0).text() == "合计"
