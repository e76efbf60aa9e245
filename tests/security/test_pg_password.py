"""PostgreSQL passwords: kept in the keyring, handed to the driver, never printed."""

from __future__ import annotations

import io
from typing import Any

import pytest

from caseworker import app
from caseworker.storage import keys
from caseworker.storage.database import describe
from tests.security.cli import Terminal, run

URL = "postgresql://caseworker@db.example.org/cases"


def test_the_keyring_account_names_user_host_port_and_database() -> None:
    assert keys.pg_account(URL) == "caseworker@db.example.org:5432/cases"
    assert keys.pg_account("postgresql+psycopg://u@h:6543/d") == "u@h:6543/d"
    assert keys.pg_account("sqlite:///x.db") is None


def test_set_password_stores_it_without_echo(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("db", "set-password", URL, stdin=io.StringIO("s3cret-pw\n"))
    assert code == 0, err
    assert memory_keyring.entries == {
        ("caseworker-postgresql", "caseworker@db.example.org:5432/cases"): "s3cret-pw"
    }
    assert "s3cret-pw" not in out + err and "caseworker@db.example.org:5432/cases" in out
    assert keys.pg_password(URL) == "s3cret-pw"
    assert keys.pg_password("postgresql://caseworker:inline@db.example.org/cases") is None
    assert run("db", "set-password", URL, "--delete")[0] == 0
    assert memory_keyring.entries == {} and keys.pg_password(URL) is None


def test_set_password_asks_at_a_terminal(memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import getpass

    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "typed-pw")
    assert run("db", "set-password", URL, stdin=Terminal())[0] == 0
    assert keys.pg_password(URL) == "typed-pw"


def test_set_password_refuses_a_password_in_the_url() -> None:
    code, _out, err = run("db", "set-password", "postgresql://u:pw@h/d", stdin=io.StringIO("x\n"))
    assert code == 2 and "URL" in err and "pw" not in err.replace("PostgreSQL", "")


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_libpq_files_are_the_way() -> None:
    code, _out, err = run("db", "set-password", URL, stdin=io.StringIO("x\n"))
    assert code == 2 and ".pgpass" in err
    assert keys.pg_password(URL) is None  # and start() goes on without one


@pytest.mark.pg
def test_start_hands_the_keyring_password_to_the_driver(pg_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url("cw_template")  # the test server trusts every local connection
    keys.set_pg_password(url, "from-the-keyring")
    seen: dict[str, Any] = {}
    real = app.make_engine

    def spy(url: str, *args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return real(url, *args, **kwargs)

    monkeypatch.setattr(app, "make_engine", spy)
    ctx = app.start(url, upgrade=False)
    try:
        assert seen["pg_password"] == "from-the-keyring"
        assert ctx.key is None
        assert "from-the-keyring" not in ctx.url + describe(ctx.url) + repr(ctx.engine.url)
        with ctx.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        ctx.close()
