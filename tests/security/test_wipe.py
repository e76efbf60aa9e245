"""`db encrypt --delete-plain` overwrites the unencrypted original before deleting it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from caseworker.models import Child
from caseworker.storage import migrate as schema
from caseworker.storage.database import is_plain_sqlite, make_engine
from caseworker.storage.encryption import wipe_database_file, wipe_file
from tests.security.cli import run
from tests.support.factories import build_small_demo


def _link(path: Path, tmp_path: Path) -> Path:
    """A second name for the same file: it shows what the wipe left on the disk blocks."""
    keep = tmp_path / f"keep-{path.name}"
    try:
        os.link(path, keep)
    except OSError:
        pytest.skip("this file system has no hard links")
    return keep


def test_wipe_overwrites_with_random_bytes_then_deletes(tmp_path: Path) -> None:
    path = tmp_path / "secret.db"
    content = b"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e 310115200901011234 " * 40_000  # > 1 MiB
    path.write_bytes(content)
    keep = _link(path, tmp_path)
    assert wipe_file(path, chunk=64 * 1024) is True
    assert not path.exists()
    left = keep.read_bytes()
    assert len(left) == len(content) and left != content
    assert b"310115200901011234" not in left
    assert wipe_file(path) is False  # already gone: nothing to do


def test_wipe_takes_the_sidecar_files_along(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    kept = {}
    for suffix in ("", "-wal", "-journal"):  # no -shm here: absent ones are skipped
        f = Path(f"{path}{suffix}")
        f.write_bytes(b"in clear " * 100)
        kept[suffix] = _link(f, tmp_path)
    wiped = wipe_database_file(path)
    assert wiped == [path, Path(f"{path}-wal"), Path(f"{path}-journal")]
    assert list(tmp_path.glob("plain.db*")) == []
    for link in kept.values():
        assert b"in clear" not in link.read_bytes() and link.stat().st_size == 900


def test_db_encrypt_delete_plain_overwrites_the_original(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}", plain=True)
    schema.upgrade(engine)
    build_small_demo(engine, children=30)
    with engine.connect() as conn:
        names = list(conn.scalars(select(Child.name)))
    engine.dispose()
    keep = _link(path, tmp_path)  # the plain file's blocks, under a name encrypt leaves be
    size = keep.stat().st_size

    code, out, err = run("--db", str(path), "db", "encrypt", "--delete-plain")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep-old.db", "old.db"]
    left = keep.read_bytes()
    assert len(left) == size and not is_plain_sqlite(keep)
    assert not any(n.encode() in left for n in names)
    assert "SSD" in out  # the message does not promise more than an overwrite gives
