"""Changing the database key: data kept, the old key refused, the keyring in step."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.app import start
from caseworker.models import AuditEvent, Child
from caseworker.storage import keys
from caseworker.storage.database import connect_sqlcipher, make_engine
from caseworker.storage.encryption import rekey
from caseworker.storage.keys import DatabaseKey, DatabaseKeyError
from tests.security.cli import run
from tests.security.conftest import Demo


def _children(demo: Demo) -> list[str]:
    ctx = start(str(demo.path))
    with ctx.sessions() as s:
        names = sorted(s.scalars(select(Child.name)))
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    ctx.close()
    assert last is not None
    demo.names = names
    return [last.action, last.username]


def test_rekey_keeps_the_data_and_retires_the_old_key(demo: Demo, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("--db", str(demo.path), "db", "rekey", "--user", "admin")
    assert code == 0, err
    assert "旧密钥已无法打开" in out
    new = keys.database_key(demo.path, {})
    assert new.secret != demo.key.secret and len(memory_keyring.entries) == 1  # no pending left
    with pytest.raises(DatabaseKeyError):
        connect_sqlcipher(demo.path, demo.key)
    before = sorted(demo.names)
    assert _children(demo) == ["db.rekey", "admin"]
    assert demo.names == before


def test_rekey_to_a_passphrase_drops_the_keyring_entry(
    demo: Demo, memory_keyring, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEWORKER_DB_NEW_PASSPHRASE", "a long new passphrase")
    code, _out, err = run("--db", str(demo.path), "db", "rekey", "--passphrase", "--user", "admin")
    assert code == 0, err
    assert memory_keyring.entries == {}
    connect_sqlcipher(demo.path, DatabaseKey.passphrase("a long new passphrase")).close()
    with pytest.raises(keys.KeyUnavailable):
        start(str(demo.path))  # no keyring entry, no passphrase: it asks, or refuses
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "a long new passphrase")
    start(str(demo.path)).close()


def test_only_an_administrator_changes_the_key(demo: Demo) -> None:
    code, _out, err = run("--db", str(demo.path), "db", "rekey", "--user", "city")
    assert code == 2 and "无权" in err
    connect_sqlcipher(demo.path, demo.key).close()


def test_rekey_waits_for_the_database_to_be_closed(demo: Demo) -> None:
    engine = make_engine(demo.url, demo.key)
    with engine.connect():
        code, _out, err = run("--db", str(demo.path), "db", "rekey", "--user", "admin")
    engine.dispose()
    assert code == 2 and "正在使用" in err
    connect_sqlcipher(demo.path, demo.key).close()
    assert len(keys.database_key(demo.path, {}).secret) == 64


def test_an_interrupted_key_change_is_finished_at_start(demo: Demo, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """The new key is stored as pending before `PRAGMA rekey`: a crash right after the
    rekey, before the keyring entry was replaced, must not lock the data away."""
    new = DatabaseKey.random()
    keys.store_pending(demo.path, new)
    rekey(demo.path, demo.key, new)  # … and the process dies here
    ctx = start(str(demo.path))
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Child)) == len(demo.names)
    ctx.close()
    assert keys.database_key(demo.path, {}).secret == new.secret
    assert list(memory_keyring.entries) == [("caseworker", keys.database_id(demo.path))]
