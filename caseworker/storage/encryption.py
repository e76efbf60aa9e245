"""One-time encryption of a plain database, and key changes (`PRAGMA rekey`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from caseworker.i18n import _
from caseworker.services.errors import DomainError
from caseworker.storage import keys
from caseworker.storage.backup import discard, fsync_dir, fsync_file, stamp, temp_beside
from caseworker.storage.database import connect_sqlcipher, integrity_problems, is_plain_sqlite
from caseworker.storage.keys import DatabaseKey


class EncryptionError(DomainError):
    pass


def _in_use() -> EncryptionError:
    return EncryptionError(
        _("The database is in use: close caseworker wherever it is open, then retry.")
    )


def _sole_connection(conn: object) -> None:
    """Leave WAL mode: only possible with no other connection open (our in-use check),
    and it folds the -wal file into the main file."""
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()  # type: ignore[attr-defined]
    except Exception:
        raise _in_use() from None


def _table_counts(conn: object, schema_name: str = "main") -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(  # type: ignore[attr-defined]
            f"SELECT name FROM {schema_name}.sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        t: conn.execute(f'SELECT count(*) FROM {schema_name}."{t}"').fetchone()[0]  # type: ignore[attr-defined]
        for t in tables
    }


def encrypt_plain(path: Path, key: DatabaseKey) -> Path:
    """Encrypt a plain SQLite file in place with `sqlcipher_export`.

    The original is kept beside it as `<name>.unencrypted-<time>` (a hard link to the old
    file, so the swap stays atomic); the caller decides whether to delete it. Returns it."""
    if not is_plain_sqlite(path):
        raise EncryptionError(_("{path} is not an unencrypted SQLite database.").format(path=path))
    tmp = temp_beside(path)
    source = connect_sqlcipher(path, None, timeout=0)  # no key: SQLCipher reads plain files
    try:
        _sole_connection(source)
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(tmp), key.text()))
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        expected = _table_counts(source)
        source.execute("DETACH DATABASE encrypted")
        check = connect_sqlcipher(tmp, key)
        try:
            problems = integrity_problems(check)
            if problems or _table_counts(check) != expected:
                raise EncryptionError(
                    _("The encrypted copy does not match the original; nothing was changed.")
                )
        finally:
            check.close()
        fsync_file(tmp)
        original = path.with_name(f"{path.name}.unencrypted-{stamp()}")
        try:
            os.link(path, original)
        except OSError:  # file systems without hard links: a copy, still before the swap
            shutil.copy2(path, original)
    except BaseException:
        source.close()
        discard(tmp)
        raise
    source.close()
    os.replace(tmp, path)
    fsync_dir(path.parent)
    return original


def rekey(path: Path, old: DatabaseKey, new: DatabaseKey) -> None:
    """Re-encrypt every page with `new`; refuses while the database is open elsewhere."""
    conn = connect_sqlcipher(path, old, timeout=0)
    try:
        _sole_connection(conn)
        conn.execute(f"PRAGMA rekey = {new.sql()}")
    finally:
        conn.close()
    connect_sqlcipher(path, new).close()  # proves the new key before anyone relies on it


def change_key(path: Path, old: DatabaseKey, new: DatabaseKey) -> None:
    """Rekey and keep the keyring in step: a new random key is stored as "pending" first
    and becomes the entry only after the rekey succeeded; a move to a passphrase drops
    the old entry (it would no longer open the file)."""
    if new.raw:
        keys.store_pending(path, new)
    try:
        rekey(path, old, new)
    except BaseException:
        if new.raw and _opens(path, old):  # nothing changed: the pending key is moot
            keys.drop_pending(path)
        raise
    if new.raw:
        keys.promote_pending(path, new)
    elif old.source == "keyring":
        keys.delete_key(path)


SIDECARS = ("-wal", "-shm", "-journal")


def wipe_file(path: Path, chunk: int = 1 << 20) -> bool:
    """Overwrite a file in place with random bytes of its length, fsync, then delete it.
    False if there was no such file.

    On an SSD (wear levelling) or a copy-on-write file system (btrfs, ZFS, APFS) the old
    blocks may survive an overwrite: this lowers the risk, it is not a guaranteed erase."""
    if not path.is_file():
        return False
    with open(path, "r+b") as fh:
        size = os.fstat(fh.fileno()).st_size
        done = 0
        while done < size:
            n = min(chunk, size - done)
            fh.write(os.urandom(n))  # buffered: writes all n bytes
            done += n
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
    return True


def wipe_database_file(path: Path) -> list[Path]:
    """`wipe_file` a database file and its -wal, -shm and -journal files; returns those
    that were there."""
    wiped = [p for p in (path, *(Path(f"{path}{s}") for s in SIDECARS)) if wipe_file(p)]
    fsync_dir(path.parent)
    return wiped


def _opens(path: Path, key: DatabaseKey) -> bool:
    try:
        connect_sqlcipher(path, key).close()
    except Exception:
        return False
    return True
