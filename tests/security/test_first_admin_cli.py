"""`caseworker account create-admin`: the first administrator of a database without a screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseworker.app import start
from caseworker.models import Role
from caseworker.services.accounts.signin import authenticate
from tests.security.cli import run


def test_create_admin_once_with_the_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "new.db")
    monkeypatch.setenv("CASEWORKER_DB_PASSPHRASE", "caseworker-tests")
    monkeypatch.delenv("CASEWORKER_ADMIN_PASSWORD", raising=False)
    code, _out, err = run("account", "create-admin", "--db", db)
    assert code != 0 and "CASEWORKER_ADMIN_PASSWORD" in err  # no terminal, no password
    monkeypatch.setenv("CASEWORKER_ADMIN_PASSWORD", "short")
    code, _out, err = run("account", "create-admin", "--db", db)
    assert code != 0 and "8" in err
    monkeypatch.setenv("CASEWORKER_ADMIN_PASSWORD", "district-admin-2026")
    code, out, err = run("account", "create-admin", "--db", db, "--name", "区管理员")
    assert code == 0, err
    assert "admin" in out
    ctx = start(db)
    try:
        with ctx.sessions() as s:
            admin = authenticate(s, "admin", "district-admin-2026")
            assert admin.role is Role.ADMIN and admin.display_name == "区管理员"
    finally:
        ctx.close()
    code, _out, err = run("account", "create-admin", "--db", db, "--username", "second")
    assert code != 0 and err.strip()  # there is an administrator already
