"""Schema migrations with Alembic: back up first, refuse a database newer than the code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from caseworker.storage.database import online_backup, sqlite_file


class SchemaError(Exception):
    """The database cannot be used by this version of the program."""


MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def head_revision(cfg: Config | None = None) -> str:
    head = ScriptDirectory.from_config(cfg or alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def check_not_newer(engine: Engine, cfg: Config | None = None) -> str | None:
    """Return the database's revision; raise if this program does not know it."""
    cfg = cfg or alembic_config()
    rev = current_revision(engine)
    if rev is None:
        return None
    script = ScriptDirectory.from_config(cfg)
    known = {s.revision for s in script.walk_revisions()}
    if rev not in known:
        raise SchemaError(
            f"数据库结构版本 {rev} 比本程序新（本程序最高支持 {head_revision(cfg)}）。"
            "请升级 caseworker 后再打开此数据库；为保护数据，本程序不会修改它。"
        )
    return rev


def _backup(engine: Engine, path: Path, rev: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{rev}-{stamp}")
    # SQLite's online backup copies a consistent snapshot even with a WAL beside the file;
    # an encrypted database's copy gets the same key.
    online_backup(engine, target)
    return target


def upgrade(engine: Engine, cfg: Config | None = None) -> UpgradeResult:
    """Bring the schema to the newest revision, backing up an existing SQLite file first."""
    cfg = cfg or alembic_config()
    rev = check_not_newer(engine, cfg)
    head = head_revision(cfg)
    backup = None
    if rev == head:
        return UpgradeResult(rev, head, None)
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if rev is not None and path is not None and path.exists():
        backup = _backup(engine, path, rev)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return UpgradeResult(rev, head, backup)


def is_current(engine: Engine) -> bool:
    return check_not_newer(engine) == head_revision()
