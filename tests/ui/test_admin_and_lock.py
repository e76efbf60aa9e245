"""Administrators' screens, and the lock after idle time."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from caseworker.app import start
from caseworker.models import AuditEvent, Case, Role
from caseworker.services.accounts.signin import authenticate, create_first_admin, has_accounts
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied
from caseworker.ui.shell.first_admin_dialog import FirstAdminDialog
from caseworker.ui.shell.start import open_main_window
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
    rows = range(window.audit_page.table.rowCount())
    actions = {window.audit_page.table.item(r, 2).text() for r in rows}
    codes = {window.audit_page.table.item(r, 2).toolTip() for r in rows}
    assert "登录" in actions and "login" in codes  # a label to read, the code to filter by


def test_idle_lock_hides_records_until_the_password(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "pudong.sw1")
    central = window.centralWidget()
    with demo_ctx.sessions() as s:
        case_id = s.scalars(select(Case.id).where(Case.district_code == "310115")).first()
    case_window = window.open_case(case_id)  # a window of its own: the lock must hide it too
    qtbot.waitUntil(case_window.isVisible, timeout=5000)
    window.idle_lock.timer.setInterval(50)
    window.idle_lock.timer.start()
    qtbot.waitUntil(lambda: window.idle_lock.dialog is not None, timeout=5000)
    assert not central.isVisible() and not case_window.isVisible()
    dialog = window.idle_lock.dialog
    dialog.password.setText("wrong")
    dialog.unlock()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10000)
    assert window.idle_lock.dialog is dialog and not central.isVisible()
    dialog.password.setText("demo")
    with qtbot.waitSignal(window.idle_lock.unlocked, timeout=10000):
        dialog.unlock()
    assert central.isVisible() and case_window.isVisible()
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


def test_the_admin_creates_an_account_whose_first_password_works(  # type: ignore[no-untyped-def]
    qtbot, demo_ctx, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text)
    )
    window = _window(qtbot, demo_ctx, "admin")
    page = window.accounts
    qtbot.waitUntil(lambda: page.table.rowCount() == 66 and bool(page.districts), timeout=10000)
    dialog = page.new()
    dialog.username.setText("pudong.sw1")  # taken
    dialog.display.setText("李新")
    dialog.district.setCurrentIndex(dialog.district.findText("浦东新区"))
    dialog.save()
    qtbot.waitUntil(lambda: "pudong.sw1" in dialog.summary.text(), timeout=10000)
    assert dialog.isVisible() and set(dialog.errors.errors_shown()) == {"username"}
    dialog.username.setText("pudong.lixin")
    dialog.save()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    qtbot.waitUntil(lambda: page.table.rowCount() == 67, timeout=10000)
    password = shown[0].split("\n\n")[1]
    with demo_ctx.sessions() as s:
        new = authenticate(s, "pudong.lixin", password)
    assert new.role is Role.SOCIAL_WORKER and new.district_code == "310115"


def test_a_new_database_asks_for_its_administrator_first(qtbot, tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    ctx = start(str(tmp_path / "new.db"))
    try:
        with ctx.sessions() as s:
            assert not has_accounts(s)
        dialog = FirstAdminDialog(ctx.sessions, "new.db")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.display.setText("周管理")
        dialog.password.setText("first-admin-pw")
        dialog.again.setText("first-admin-pX")
        dialog.create_admin()
        assert dialog.actor is None and set(dialog.errors.errors_shown()) == {"again"}
        dialog.again.setText("first-admin-pw")
        dialog.grab().save(str(tmp_path / "first-admin.png"))
        dialog.create_admin()
        assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
        with ctx.sessions() as s:
            assert has_accounts(s)
            with pytest.raises(AccessDenied):  # only once: later accounts need an admin
                create_first_admin(
                    s, username="x", display_name="", password="p" * 10, again="p" * 10
                )
            assert s.scalars(select(AuditEvent.action)).all()[:2] == ["user.create", "login"]
    finally:
        ctx.close()


def test_the_audit_screen_verifies_the_trail_and_checks_anchors(qtbot, demo_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_ctx, "admin")
    window.show_screen("audit")
    page = window.audit_page
    page.verify()
    qtbot.waitUntil(
        lambda: page.verify_button.isEnabled() and "锚点" in page.verdict.text(), timeout=10000
    )
    assert "审计链完整" in page.verdict.text()
    # the anchor offered is the head as verified (the check's own audit row comes after it)
    anchor = re.search(r"锚点：(\d+:[0-9a-f]{16})", page.verdict.text()).group(1)
    with demo_ctx.sessions() as s:
        assert audit.check_anchor(s, anchor) == ""
    event_id = int(anchor.split(":")[0])
    page.anchors.setText(f"{anchor}, {event_id}:{'0' * 16}")  # one true, one forged
    page.verify()
    qtbot.waitUntil(
        lambda: page.verify_button.isEnabled() and "校验不通过" in page.verdict.text(),
        timeout=10000,
    )
    assert f"锚点 {anchor} 校验通过" in page.verdict.text()
    page.grab().save(str(tmp_path / "audit-verify.png"))
    with demo_ctx.sessions() as s:
        assert "audit.verify" in s.scalars(select(AuditEvent.action)).all()
