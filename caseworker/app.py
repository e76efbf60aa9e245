"""Start-up: everything that touches the disk or the database happens here, once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker import i18n, schema
from caseworker.db import make_engine, make_sessionmaker, resolve_url
from caseworker.settings import AppPaths, Settings, app_paths, load_settings


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def start(
    db: str | None = None, env: Mapping[str, str] = os.environ, *, upgrade: bool = True
) -> AppContext:
    """Resolve paths and settings, activate the language, open the database.

    An empty or older database is migrated (SQLite backed up first); a newer one is
    refused with SchemaError before anything is written.
    """
    paths = app_paths(env)
    settings = load_settings(paths)
    i18n.activate(settings.language)
    url = resolve_url(db, env, paths.data_dir)
    engine = make_engine(url)
    if upgrade:
        schema.upgrade(engine)
    else:
        schema.check_not_newer(engine)
    return AppContext(paths, settings, url, engine, make_sessionmaker(engine))
