"""Where the database is and how to connect to it: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DB_ENV = "CASEWORKER_DB"


def default_sqlite_path(data_dir: Path) -> Path:
    return data_dir / "caseworker.db"


def resolve_url(explicit: str | None, env: Mapping[str, str], data_dir: Path) -> str:
    """`--db` wins over CASEWORKER_DB, which wins over the file in the user's data folder.

    A bare path is taken as an SQLite file; `postgresql://` gets the psycopg 3 driver.
    """
    raw = explicit or env.get(DB_ENV) or str(default_sqlite_path(data_dir))
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL, or None for other backends and memory."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # Take transaction control from the driver (which would begin lazily, only before
    # writes) so that SQLAlchemy's BEGIN below covers reads too.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL lets the UI read while a writer works; foreign keys are off by default in SQLite.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


SQLITE_BEGIN = "sqlite_begin"


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # IMMEDIATE by default: nearly every service reads, then writes (at least its audit
    # row), and a deferred transaction cannot upgrade to a writer once another connection
    # has written — SQLite then fails at once with "database is locked" instead of waiting.
    # Taking the write lock at BEGIN makes writers queue (busy_timeout) and keeps a
    # read-then-write decision (a free bed, the next number) atomic. WAL readers outside
    # a transaction are unaffected.
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: services return them to the caller.
    return sessionmaker(engine, expire_on_commit=False)


def describe(url: str) -> str:
    """A URL safe to show in the status bar: no password."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return f"SQLite: {u.database}"
    return f"PostgreSQL: {u.host or 'localhost'}:{u.port or 5432}/{u.database}"


def env_db_url() -> str | None:
    return os.environ.get(DB_ENV)
