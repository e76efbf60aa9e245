"""Start-up: everything that touches the disk or the database happens here, once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker import i18n
from caseworker.settings import AppPaths, Settings, app_paths, load_settings
from caseworker.storage import keys
from caseworker.storage import migrate as schema
from caseworker.storage.database import (
    is_plain_sqlite,
    make_engine,
    make_sessionmaker,
    resolve_url,
    sqlite_file,
)
from caseworker.storage.keys import (
    DatabaseKey,
    DatabaseKeyError,
    PassphrasePrompt,
    PlainDatabaseError,
)

PROMPT_ATTEMPTS = 3


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    key: DatabaseKey | None = None  # the SQLite file's key (None: PostgreSQL)

    def close(self) -> None:
        self.engine.dispose()


def start(
    db: str | None = None,
    env: Mapping[str, str] = os.environ,
    *,
    upgrade: bool = True,
    ask_passphrase: PassphrasePrompt | None = None,
) -> AppContext:
    """Resolve paths and settings, activate the language, open the database.

    An embedded (SQLite) database is always encrypted: its key comes from the keyring,
    CASEWORKER_DB_PASSPHRASE or `ask_passphrase` (see caseworker.storage.keys). An empty or older
    database is migrated (SQLite backed up first); a newer one is refused with SchemaError
    before anything is written.
    """
    paths = app_paths(env)
    settings = load_settings(paths)
    i18n.activate(settings.language)
    url = resolve_url(db, env, paths.data_dir)
    engine, key = open_database(url, env, ask_passphrase)
    try:
        if upgrade:
            schema.upgrade(engine)
        else:
            schema.check_not_newer(engine)
    except BaseException:
        engine.dispose()
        raise
    return AppContext(paths, settings, url, engine, make_sessionmaker(engine), key)


def open_database(
    url: str, env: Mapping[str, str], ask: PassphrasePrompt | None = None
) -> tuple[Engine, DatabaseKey | None]:
    """An engine whose key is proven by a first connection (a prompt is asked again)."""
    path = sqlite_file(url)
    if path is None:
        return make_engine(url, pg_password=keys.pg_password(url)), None
    if is_plain_sqlite(path):
        # Checked before any key is made: a plain file gets no keyring entry by accident.
        raise PlainDatabaseError(keys.plain_file_message(path))
    for attempt in range(PROMPT_ATTEMPTS):
        key = keys.database_key(path, env, ask, retry=attempt > 0)
        try:
            return _proven(url, key), key
        except DatabaseKeyError:
            if key.source == "keyring" and (pending := keys.pending_key(path)) is not None:
                # A key change was interrupted after `PRAGMA rekey`: finish it.
                engine = _proven(url, pending)
                keys.promote_pending(path, pending)
                return engine, pending
            if key.source != "prompt" or attempt == PROMPT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _proven(url: str, key: DatabaseKey) -> Engine:
    engine = make_engine(url, key)
    try:
        engine.connect().close()
    except BaseException:
        engine.dispose()
        raise
    return engine
