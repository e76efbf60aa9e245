"""Backup and restore of the embedded (SQLite) database, always encrypted.

A backup is SQLite's online backup of the live database into a new file encrypted with
its own *backup passphrase*, not the database key: the keyring key stays on one machine,
and a backup must still open when that machine is gone. The copy is integrity-checked
before it takes the file's name; it holds its schema revision (alembic_version).

A restore checks the backup (page HMACs, structure, schema revision not newer than this
program), copies it into a temporary file beside the database, re-encrypted with the
database's key, backs up the current database, then swaps the file in with os.replace:
at every moment the database file is either the old one or the complete new one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker.i18n import _
from caseworker.services.audit import trail as audit
from caseworker.services.errors import DomainError
from caseworker.storage import migrate as schema
from caseworker.storage.database import (
    connect_sqlcipher,
    integrity_problems,
    make_engine,
    make_sessionmaker,
    online_backup,
)
from caseworker.storage.keys import MIN_NEW_PASSPHRASE, DatabaseKey, DatabaseKeyError

BACKUP_PASSPHRASE_ENV = "CASEWORKER_BACKUP_PASSPHRASE"


class BackupError(DomainError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str | None
    size: int


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def temp_beside(target: Path) -> Path:
    """An unused name in the target's folder, so os.replace never crosses file systems."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(name)  # SQLite must create it: an empty file would be taken as plain
    return Path(name)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # makes the rename itself durable; Windows has no directory fsync
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def backup_key(passphrase: str) -> DatabaseKey:
    if len(passphrase) < MIN_NEW_PASSPHRASE:
        raise BackupError(
            _("A backup passphrase needs at least {n} characters.").format(n=MIN_NEW_PASSPHRASE)
        )
    return DatabaseKey.passphrase(passphrase)


def check_copy(path: Path, key: DatabaseKey, *, readonly: bool = True) -> str | None:
    """Open an encrypted copy, run both integrity checks; return its schema revision."""
    try:
        conn = connect_sqlcipher(path, key, readonly=readonly)
    except DatabaseKeyError:
        raise BackupError(
            _("The backup passphrase is wrong or the backup file is damaged.")
        ) from None
    try:
        problems = integrity_problems(conn)
        if problems:
            raise BackupError(
                _("The backup file is damaged ({problem}); nothing was changed.").format(
                    problem=problems[0]
                )
            )
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception:
            raise BackupError(_("This file is not a caseworker backup.")) from None
        return row[0] if row else None
    finally:
        conn.close()


def write_backup(engine: Engine, target: Path, passphrase: str) -> BackupInfo:
    """Back up the live database `engine` to `target` (replaced only when complete)."""
    key = backup_key(passphrase)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        online_backup(engine, tmp, key)
        revision = check_copy(tmp, key)
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        discard(tmp)
        raise
    return BackupInfo(target, revision, target.stat().st_size)


class StagedRestore:
    """A checked backup, copied beside the database and keyed with the database's key.

    Use as a context manager: leaving it without `commit` removes the copy."""

    def __init__(self, backup: Path, passphrase: str, target: Path, key: DatabaseKey) -> None:
        self.backup, self.target, self.key = backup.resolve(), target.resolve(), key
        if not self.backup.is_file():
            raise BackupError(_("No backup file at {path}.").format(path=backup))
        bkey = DatabaseKey.passphrase(passphrase)
        check_copy(self.backup, bkey)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = temp_beside(self.target)
        self.engine: Engine | None = None
        try:
            source = connect_sqlcipher(self.backup, bkey, readonly=True)
            try:
                dst = connect_sqlcipher(self.tmp, key)
                try:
                    source.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                source.close()
            self.engine = make_engine(f"sqlite:///{self.tmp}", key)
            # The same refusal as at start-up: never hand a newer schema to this program.
            self.revision = schema.check_not_newer(self.engine)
            if self.revision is None:
                raise BackupError(_("This file is not a caseworker backup."))
        except BaseException:
            self.close()
            raise
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.committed = False

    def __enter__(self) -> StagedRestore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        if not getattr(self, "committed", False):
            discard(self.tmp)

    def commit(self, username: str, *, current_opens: bool = True) -> Path | None:
        """Back up the current database, record the restore, swap the copy in.

        `current_opens=False`: the current file does not open (damaged, lost key): it is
        kept byte for byte instead of backed up. Returns where the old database went."""
        assert self.engine is not None
        previous = None
        if self.target.exists():
            previous = self.target.with_name(f"{self.target.name}.bak-pre-restore-{stamp()}")
            if current_opens:
                _quiesce_and_copy(self.target, self.key, previous)
            else:
                shutil.copy2(self.target, previous)
        with self.sessions() as session:
            audit.record(
                session,
                None,
                "restore",
                username=username,
                backup=str(self.backup),
                revision=self.revision,
                previous=str(previous) if previous else None,
            )
            session.commit()
        self.engine.dispose()
        self.engine = None
        fsync_file(self.tmp)
        for suffix in ("-wal", "-shm", "-journal"):  # the old file's, never the new one's
            Path(str(self.target) + suffix).unlink(missing_ok=True)
        os.replace(self.tmp, self.target)
        fsync_dir(self.target.parent)
        self.committed = True
        return previous


def _quiesce_and_copy(target: Path, key: DatabaseKey, previous: Path) -> None:
    """Copy the current database aside; refuse while another program has it open.

    Leaving WAL mode needs the only connection, so it doubles as the in-use check, and
    it folds the -wal file into the main file before the swap."""
    conn = connect_sqlcipher(target, key, timeout=0)
    try:
        try:
            conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        except Exception:
            raise BackupError(
                _("The database is in use: close caseworker wherever it is open, then retry.")
            ) from None
        dst = connect_sqlcipher(previous, key)
        try:
            conn.backup(dst)
        finally:
            dst.close()
    finally:
        conn.close()
