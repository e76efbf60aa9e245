"""Where the database is and how to connect to it: SQLite by default, PostgreSQL by URL.

SQLite files are encrypted with SQLCipher when a key is given (the app always gives one,
see `caseworker.app.start`); `make_engine(url)` without a key uses CASEWORKER_DB_PASSPHRASE
if set, else plain SQLite (tools and tests).
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from caseworker.storage.keys import (
    DatabaseKey,
    DatabaseKeyError,
    PlainDatabaseError,
    env_key,
    plain_file_message,
    wrong_key_message,
)

DB_ENV = "CASEWORKER_DB"
SQLITE_HEADER = b"SQLite format 3\x00"
# SQLITE_NOTADB: page 1 does not decrypt; SQLITE_CORRUPT: a later page does not.
_UNREADABLE = {26, 11}
ENCRYPTED_CACHE_KIB = 32 * 1024
# Engine → its key, so a backup can key its copy the same way without the caller's help.
_ENGINE_KEYS: weakref.WeakKeyDictionary[Engine, DatabaseKey] = weakref.WeakKeyDictionary()


def default_sqlite_path(data_dir: Path) -> Path:
    return data_dir / "caseworker.storage.database"


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


def is_plain_sqlite(path: Path) -> bool:
    """An unencrypted SQLite file starts with a fixed header; SQLCipher's with random salt."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _sqlcipher() -> Any:
    import sqlcipher3.dbapi2  # type: ignore[import-untyped]  # late: plain tools skip it

    return sqlcipher3.dbapi2


def _apply_key(conn: Any, key: DatabaseKey | None, path: Path | None) -> None:
    """Key a fresh connection and prove the key with a read: fail here, in words, not
    later with "file is not a database" from the middle of a query."""
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")  # we report wrong keys ourselves
        conn.execute(f"PRAGMA key = {key.sql()}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _UNREADABLE:
            raise
        conn.close()
        if key is not None and path is not None and is_plain_sqlite(path):
            raise PlainDatabaseError(plain_file_message(path)) from None
        raise DatabaseKeyError(wrong_key_message()) from None


def connect_sqlcipher(
    path: Path, key: DatabaseKey | None, *, readonly: bool = False, timeout: float = 10
) -> Any:
    """A raw SQLCipher connection in autocommit mode, keyed and checked."""
    sqlcipher = _sqlcipher()
    target = Path(path).resolve().as_uri() + "?mode=ro" if readonly else str(path)
    conn = sqlcipher.connect(target, uri=readonly, timeout=timeout, isolation_level=None)
    _apply_key(conn, key, Path(path))
    return conn


def derived_key(key: DatabaseKey, path: Path) -> DatabaseKey | None:
    """The raw key SQLCipher 4 derives from a passphrase and the file's salt (PBKDF2-SHA512,
    256,000 rounds): computed once per engine so later connections skip the 0.1 s KDF."""
    try:
        with open(path, "rb") as fh:
            salt = fh.read(16)
    except OSError:
        return None
    if len(salt) < 16 or salt == SQLITE_HEADER:
        return None  # the file has no page yet: nothing to derive from
    raw = hashlib.pbkdf2_hmac("sha512", key.secret.encode(), salt, 256_000, 32)
    return DatabaseKey(raw.hex() + salt.hex(), raw=True, source="derived")


def _encrypted_engine(url: str, path: Path, key: DatabaseKey) -> Engine:
    sqlcipher = _sqlcipher()
    # The pysqlite dialect with SQLCipher's module: the URL stays free of secrets and
    # sqlcipher3's exceptions are still wrapped as SQLAlchemy's (IntegrityError …).
    engine = create_engine(url, module=sqlcipher, connect_args={"timeout": 10})
    fast: list[DatabaseKey | None] = []  # [] untried, [None] unusable, [raw key]

    def keyed(cargs: list[Any], cparams: dict[str, Any]) -> Any:
        if not key.raw and not fast:
            derived = derived_key(key, path)
            if derived is not None:
                fast.append(derived)
        if fast and fast[0] is not None:
            conn = sqlcipher.connect(*cargs, **cparams)
            try:
                _apply_key(conn, fast[0], path)
                return conn
            except DatabaseKeyError:
                fast[:] = [None]  # other KDF settings, or a wrong passphrase: let SQLCipher say
        conn = sqlcipher.connect(*cargs, **cparams)
        _apply_key(conn, key, path)
        return conn

    def connect(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        conn = keyed(cargs, cparams)
        # Every page read from the OS cache is decrypted and HMAC-checked again: a larger
        # SQLite page cache (allocated as used) keeps decrypted pages. Measured on 200k
        # cases, it brings scans back to plain SQLite's speed (docs/security.md).
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
        return conn

    event.listen(engine, "do_connect", connect)
    _ENGINE_KEYS[engine] = key
    return engine


def _plain_engine(url: str, path: Path | None) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 10})
    if path is not None:
        import sqlite3

        def connect(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
            conn = sqlite3.connect(*cargs, **cparams)
            _apply_key(conn, None, path)
            return conn

        event.listen(engine, "do_connect", connect)
    return engine


def engine_key(engine: Engine) -> DatabaseKey | None:
    return _ENGINE_KEYS.get(engine)


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


def make_engine(
    url: str,
    key: DatabaseKey | None = None,
    *,
    plain: bool = False,
    pg_password: str | None = None,
) -> Engine:
    """An engine for `url`. SQLite: encrypted with `key`; without one, with the passphrase
    in CASEWORKER_DB_PASSPHRASE if set; `plain=True` (or neither) gives plain SQLite.
    PostgreSQL: `pg_password` (from the keyring) goes to the driver, never into the URL."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if key is None and not plain and path is not None:
            key = env_key(os.environ)
        if key is not None and path is not None and not plain:
            if is_plain_sqlite(path):
                raise PlainDatabaseError(plain_file_message(path))
            engine = _encrypted_engine(url, path, key)
        else:
            engine = _plain_engine(url, path)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = {"password": pg_password} if pg_password else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def online_backup(engine: Engine, target: Path, target_key: DatabaseKey | None = None) -> None:
    """Copy a live SQLite database with SQLite's online backup into a new file, keyed with
    `target_key` (default: the engine's own key), in rollback-journal mode so the copy is
    one self-contained file. Used before migrations and by `caseworker backup`."""
    if engine_key(engine) is None:
        # A plain engine's connections are sqlite3's, whose backup() needs a sqlite3 target.
        assert target_key is None, "a plain database is copied plain"
        import sqlite3

        module: Any = sqlite3
    else:
        module = _sqlcipher()
    key = target_key or engine_key(engine)
    source = engine.raw_connection()
    try:
        dst = module.connect(str(target), isolation_level=None)
        try:
            if key is not None:
                dst.execute(f"PRAGMA key = {key.sql()}")
            source.driver_connection.backup(dst)  # type: ignore[union-attr]
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        source.close()


def integrity_problems(conn: Any) -> list[str]:
    """SQLCipher's page HMAC check (encrypted files) and SQLite's own structural check."""
    # fetchall() throughout: a statement left open keeps a read transaction, under which
    # cipher_integrity_check silently reports nothing.
    problems: list[str] = []
    if conn.execute("PRAGMA cipher_provider").fetchall():
        problems += [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        if problems:
            return problems  # a page that fails its HMAC would fail the next check too
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except Exception as exc:  # SQLITE_CORRUPT: the check itself cannot read the file
        return [str(exc)]
    return [row[0] for row in rows if row[0] != "ok"]


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
