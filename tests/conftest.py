"""Shared fixtures: every integration test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import Engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from caseworker import i18n  # noqa: E402
from caseworker.storage import migrate as schema  # noqa: E402
from caseworker.storage.database import make_engine, make_sessionmaker  # noqa: E402
from caseworker.storage.keys import DatabaseKey  # noqa: E402
from tests.support.pg import PostgresServer, find_bindir  # noqa: E402

BACKENDS = ["sqlite", "postgresql"]
TEST_DB_PASSPHRASE = "caseworker-tests"


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    """Users see zh_CN; tests see what users see."""
    i18n.activate("zh_CN")
    yield
    i18n.activate("zh_CN")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user's data folder, settings or database."""
    monkeypatch.setenv("CASEWORKER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEWORKER_DB", raising=False)
    # Test databases are encrypted like users' (SQLCipher), with a fixed test passphrase.
    monkeypatch.setenv("CASEWORKER_DB_PASSPHRASE", TEST_DB_PASSPHRASE)


@pytest.fixture(autouse=True)
def _no_os_keychain() -> Iterator[None]:
    """No test reaches the real OS keychain: keyring behaves as on a headless machine."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL server binaries not found: run .ci/run or install postgresql")
    server = PostgresServer(bindir)
    server.start()
    server.execute("CREATE DATABASE cw_template")
    engine = make_engine(server.url("cw_template"))
    schema.upgrade(engine)
    engine.dispose()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    # Session-scoped, so set up before _isolated_home's passphrase: the key is given here.
    engine = make_engine(f"sqlite:///{path}", DatabaseKey.passphrase(TEST_DB_PASSPHRASE))
    schema.upgrade(engine)
    engine.dispose()
    return path


_db_numbers = itertools.count(1)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A freshly migrated, empty database (with the reference data) on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"cw_test_{next(_db_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE cw_template")
    yield server.url(name)
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as s:
        yield s
