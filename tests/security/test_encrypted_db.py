"""The embedded database on disk: encrypted, refused with the wrong key, migrated once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from caseworker.app import start
from caseworker.models import AuditEvent, Child, District
from caseworker.storage import keys
from caseworker.storage import migrate as schema
from caseworker.storage.database import is_plain_sqlite, make_engine, make_sessionmaker
from caseworker.storage.keys import DatabaseKey, DatabaseKeyError, PlainDatabaseError
from tests.security.cli import run
from tests.security.conftest import Demo
from tests.support.factories import build_small_demo

WRONG_KEY = "数据库密钥不正确或文件已损坏"


def _disk_bytes(path: Path) -> bytes:
    return b"".join(
        Path(str(path) + s).read_bytes() for s in ("", "-wal") if Path(str(path) + s).exists()
    )


def test_the_file_holds_no_childs_name_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    ctx = start(str(path))  # the app's own path: key made and kept in the keyring
    build_small_demo(ctx.engine, children=60)
    with ctx.sessions() as s:
        names = list(s.scalars(select(Child.name)))
        # Written while the app is open: the WAL file must be encrypted too.
        disk = _disk_bytes(path)
    ctx.close()
    disk += _disk_bytes(path)
    assert len(names) == 60 and "浦东新区".encode() not in disk
    assert not any(n.encode() in disk for n in names)
    assert not is_plain_sqlite(path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM children").fetchone()


def test_a_wrong_key_is_refused_in_words(demo: Demo, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    keys.store_key(demo.path, DatabaseKey.random())
    with pytest.raises(DatabaseKeyError, match=WRONG_KEY):
        start(str(demo.path))
    code, _out, err = run("--db", str(demo.path), "cases", "--limit", "1")
    assert code == 2 and WRONG_KEY in err and "Traceback" not in err


def test_a_plain_file_is_not_opened_as_if_encrypted(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plain.db"
    engine = make_engine(f"sqlite:///{path}", plain=True)
    schema.upgrade(engine)
    engine.dispose()
    with pytest.raises(PlainDatabaseError, match="caseworker db encrypt"):
        start(str(path))
    assert memory_keyring.entries == {}  # no key made for a file it did not encrypt


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_a_passphrase_opens_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cw.db"
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "the one passphrase")
    start(str(path)).close()
    assert not is_plain_sqlite(path)
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    answers = iter(["a wrong one", "the one passphrase"])
    asked: list[bool] = []

    def prompt(_p: Path, *, new: bool, retry: bool) -> str:
        asked.append(retry)
        return next(answers)

    ctx = start(str(path), ask_passphrase=prompt)  # asks again after a wrong passphrase
    assert asked == [False, True]
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(District)) == 16
    ctx.close()
    with pytest.raises(DatabaseKeyError, match=WRONG_KEY):
        start(str(path), ask_passphrase=lambda _p, *, new, retry: "never right")


def test_encrypted_engines_keep_the_sqlite_behaviour(demo: Demo) -> None:
    engine = make_engine(demo.url, demo.key)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA cipher_version")).scalar().startswith("4.")
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -32768  # decrypted pages
    with pytest.raises(IntegrityError), make_sessionmaker(engine)() as s:
        s.add(District(code="310115", name="dup", short_name="dup"))
        s.commit()
    engine.dispose()


def test_make_engine_without_a_key(tmp_path: Path, monkeypatch, demo: Demo) -> None:  # type: ignore[no-untyped-def]
    """Tools and tests: plain SQLite, or CASEWORKER_DB_PASSPHRASE when it is set."""
    plain = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    plain.connect().close()
    plain.dispose()
    assert is_plain_sqlite(tmp_path / "p.db")
    with pytest.raises(DatabaseKeyError):
        make_engine(demo.url).connect()
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "suite passphrase")
    enc = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    schema.upgrade(enc)
    enc.dispose()
    assert not is_plain_sqlite(tmp_path / "e.db")
    start(str(tmp_path / "e.db")).close()


def test_db_encrypt_migrates_a_plain_database_once(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}", plain=True)
    schema.upgrade(engine)
    build_small_demo(engine, children=30)
    with engine.connect() as conn:
        names = list(conn.scalars(select(Child.name)))
        events = conn.scalar(select(func.count()).select_from(AuditEvent))
    engine.dispose()

    code, out, _err = run("--db", str(path), "db", "encrypt")
    assert code == 0, _err
    (kept,) = tmp_path.glob("old.db.unencrypted-*")
    assert "old.db.unencrypted-" in out and is_plain_sqlite(kept)
    assert not is_plain_sqlite(path) and not any(n.encode() in path.read_bytes() for n in names)
    ctx = start(str(path))
    with ctx.sessions() as s:
        assert sorted(s.scalars(select(Child.name))) == sorted(names)
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events + 1
        assert last is not None and last.action == "db.encrypt"
    ctx.close()
    code, out, _err = run("--db", str(path), "db", "encrypt")  # a second run changes nothing
    assert code == 0 and "已经加密" in out


def test_db_encrypt_can_delete_the_plain_original(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}", plain=True)
    schema.upgrade(engine)
    engine.dispose()
    code, _out, _err = run("--db", str(path), "db", "encrypt", "--delete-plain")
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["old.db"]


def test_the_online_copy_before_a_migration_keeps_the_key(demo: Demo, tmp_path: Path) -> None:
    """What schema.upgrade's backup calls (see docs/security.md): same key, one file."""
    from caseworker.storage.database import connect_sqlcipher, online_backup

    engine = make_engine(demo.url, demo.key)
    target = tmp_path / "before-migration.db"
    online_backup(engine, target)
    engine.dispose()
    assert not is_plain_sqlite(target) and not Path(f"{target}-wal").exists()
    conn = connect_sqlcipher(target, demo.key)
    assert conn.execute("SELECT count(*) FROM children").fetchone()[0] == len(demo.names)
    conn.close()
