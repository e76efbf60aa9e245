"""`caseworker backup` / `restore`: encrypted, checked, atomic, refusing what it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from caseworker.app import start
from caseworker.models import AuditEvent, Child
from caseworker.storage import migrate as schema
from caseworker.storage.database import connect_sqlcipher, is_plain_sqlite, make_engine
from caseworker.storage.keys import DatabaseKey, DatabaseKeyError
from tests.security.cli import run
from tests.security.conftest import BACKUP_PASSPHRASE, Demo


@pytest.fixture(autouse=True)
def _backup_passphrase(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEWORKER_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)


def _backup(demo: Demo, target: Path, user: str = "admin") -> tuple[int, str, str]:
    return run("--db", str(demo.path), "backup", str(target), "--user", user)


def _restore(demo: Demo, source: Path, *extra: str) -> tuple[int, str, str]:
    return run("--db", str(demo.path), "restore", str(source), "--user", "admin", *extra)


def _state(demo: Demo) -> tuple[list[str], list[str]]:
    """The children and the audit actions (signing in to restore adds a "login")."""
    ctx = start(str(demo.path))
    with ctx.sessions() as s:
        names = sorted(s.scalars(select(Child.name)))
        actions = [a for a in s.scalars(select(AuditEvent.action)) if a != "login"]
    ctx.close()
    return names, actions


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or "-wal" in p.name)


def test_backup_then_restore_brings_the_data_back(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "offsite" / "cw-backup.db"
    code, out, err = _backup(demo, target)
    assert code == 0, err
    assert schema.head_revision() in out and "已通过校验" in out
    # The backup: encrypted with its own passphrase, no name in clear, complete.
    assert not is_plain_sqlite(target)
    assert not any(n.encode() in target.read_bytes() for n in demo.names)
    with pytest.raises(DatabaseKeyError):
        connect_sqlcipher(target, demo.key)
    conn = connect_sqlcipher(target, DatabaseKey.passphrase(BACKUP_PASSPHRASE))
    assert conn.execute("SELECT count(*) FROM children").fetchone()[0] == len(demo.names)
    conn.close()

    engine = make_engine(demo.url, demo.key)  # a mistake after the backup …
    with engine.begin() as c:
        c.execute(update(Child).values(name="改错了"))
    engine.dispose()
    assert _state(demo)[0] == ["改错了"] * len(demo.names)

    code, out, err = _restore(demo, target, "--force")
    assert code == 0, err
    assert _state(demo)[0] == sorted(demo.names)
    (previous,) = demo.path.parent.glob("caseworker.storage.database.bak-pre-restore-*")
    assert str(previous) in out
    kept = connect_sqlcipher(previous, demo.key)  # the replaced database, same key
    assert kept.execute("SELECT DISTINCT name FROM children").fetchall() == [("改错了",)]
    kept.close()
    ctx = start(str(demo.path))
    with ctx.sessions() as s:
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())))
    ctx.close()
    assert actions[0] == "restore"
    assert _leftovers(demo.path.parent) == [] and _leftovers(target.parent) == []


def test_backups_are_audited_and_need_a_whole_database_role(demo: Demo, tmp_path: Path) -> None:
    code, _out, err = _backup(demo, tmp_path / "b.db", user="pudong.sw1")
    assert code == 2 and "无权" in err and not (tmp_path / "b.db").exists()
    assert _backup(demo, tmp_path / "b.db", user="city")[0] == 0
    code, _out, err = _backup(demo, tmp_path / "b.db", user="city")
    assert code == 2 and "--force" in err
    ctx = start(str(demo.path))
    with ctx.sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "backup")).one()
    ctx.close()
    assert event.username == "city" and str(tmp_path / "b.db") in event.detail


def test_restore_refuses_a_backup_from_a_newer_program(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    conn = connect_sqlcipher(target, DatabaseKey.passphrase(BACKUP_PASSPHRASE))
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _state(demo)
    code, _out, err = _restore(demo, target, "--force")
    assert code == 3 and "比本程序新" in err
    assert _state(demo) == before and _leftovers(demo.path.parent) == []


@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_restore_refuses_a_damaged_backup(demo: Demo, tmp_path: Path, where: float) -> None:
    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    data = bytearray(target.read_bytes())
    at = 100 + int((len(data) - 200) * where)  # page 1 (the schema), the middle, the end
    data[at : at + 16] = bytes(b ^ 0xFF for b in data[at : at + 16])
    target.write_bytes(bytes(data))
    before = _state(demo)
    code, _out, err = _restore(demo, target, "--force")
    assert code == 2 and "损坏" in err, err
    assert _state(demo) == before and _leftovers(demo.path.parent) == []


def test_restore_needs_the_backup_passphrase(demo: Demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    monkeypatch.setenv("CASEWORKER_BACKUP_PASSPHRASE", "not the backup passphrase")
    code, _out, err = _restore(demo, target, "--force")
    assert code == 2 and "备份口令不正确" in err


def test_a_short_backup_passphrase_is_refused(demo: Demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEWORKER_BACKUP_PASSPHRASE", "short")
    code, _out, err = _backup(demo, tmp_path / "b.db")
    assert code == 2 and "至少需要" in err and list(tmp_path.glob("*b.db*")) == []


def test_restore_waits_for_the_database_to_be_closed(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    engine = make_engine(demo.url, demo.key)
    with engine.connect():
        code, _out, err = _restore(demo, target, "--force")
    engine.dispose()
    assert code == 2 and "正在使用" in err
    assert _leftovers(demo.path.parent) == []


def test_restore_onto_a_new_machine(demo: Demo, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """The backup does not depend on the old machine's keyring: only on its passphrase."""
    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    memory_keyring.entries.clear()
    fresh = tmp_path / "new-machine" / "caseworker.storage.database"
    code, _out, err = run("--db", str(fresh), "restore", str(target), "--user", "admin", "--force")
    assert code == 0, err
    ctx = start(str(fresh))  # its new key is in the (new) keyring
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Child)) == len(demo.names)
        s.execute(update(Child).values(school="x"))  # and it is writable
        s.commit()
    ctx.close()


def test_restore_without_force_asks_when_a_terminal(demo: Demo, tmp_path: Path) -> None:
    from tests.security.cli import Terminal

    target = tmp_path / "b.db"
    assert _backup(demo, target)[0] == 0
    code, _out, err = _restore(demo, target)  # a script: no question can be asked
    assert code == 2 and "--force" in err
    code, _out, err = run(
        "--db", str(demo.path), "restore", str(target), "--user", "admin", stdin=Terminal("no\n")
    )
    assert code == 2 and "未做任何更改" in err
    code, _out, err = run(
        "--db", str(demo.path), "restore", str(target), "--user", "admin", stdin=Terminal("yes\n")
    )
    assert code == 0, err
