"""Where the database key comes from: keyring, environment, prompt — never the disk."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from caseworker.app import start
from caseworker.storage import keys
from caseworker.storage.keys import (
    DatabaseKey,
    DatabaseKeyError,
    KeyUnavailable,
    PassphraseCancelled,
)


def test_a_new_database_gets_a_random_key_kept_in_the_keyring(
    tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cw.db"
    key = keys.database_key(path, {})
    assert key.raw and len(key.secret) == 64 and key.source == "new"
    assert memory_keyring.entries == {("caseworker", keys.database_id(path)): key.secret}
    again = keys.database_key(path, {})
    assert (again.secret, again.source) == (key.secret, "keyring")
    assert keys.database_key(tmp_path / "other.db", {}).secret != key.secret


def test_the_key_is_never_written_to_disk(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ctx = start(str(tmp_path / "home" / "cw.db"))
    ctx.close()
    (secret,) = memory_keyring.entries.values()
    for f in tmp_path.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert secret.encode() not in data and bytes.fromhex(secret) not in data, f


def test_the_environment_passphrase_wins(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    key = keys.database_key(tmp_path / "cw.db", {keys.PASSPHRASE_ENV: "from the environment"})
    assert (key.raw, key.secret, key.source) == (False, "from the environment", "env")
    assert memory_keyring.entries == {}


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_passphrase_comes_from_env_or_prompt(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    assert not keys.keyring_usable()
    assert keys.database_key(path, {keys.PASSPHRASE_ENV: "pw from env"}).secret == "pw from env"
    asked = []

    def prompt(p: Path, *, new: bool, retry: bool) -> str | None:
        asked.append((p, new, retry))
        return "typed passphrase"

    key = keys.database_key(path, {}, prompt)
    assert (key.secret, key.source, asked) == ("typed passphrase", "prompt", [(path, True, False)])
    with pytest.raises(PassphraseCancelled):
        keys.database_key(path, {}, lambda p, *, new, retry: None)
    with pytest.raises(KeyUnavailable, match="CASEWORKER_DB_PASSPHRASE"):
        keys.database_key(path, {})


def test_the_null_keyring_counts_as_none(tmp_path: Path) -> None:
    # It would accept a new key and silently drop it: the database would be lost.
    keyring.set_keyring(null.Keyring())
    with pytest.raises(KeyUnavailable):
        keys.database_key(tmp_path / "cw.db", {})


def test_a_tampered_keyring_entry_never_reaches_sql(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cw.db"
    memory_keyring.entries[("caseworker", keys.database_id(path))] = "x'; ATTACH 'evil'"
    with pytest.raises(DatabaseKeyError):
        keys.database_key(path, {})


def test_passphrases_are_quoted_for_pragma_key() -> None:
    assert DatabaseKey.passphrase("it's").sql() == "'it''s'"
    raw = DatabaseKey.random()
    assert raw.sql() == f"'x''{raw.secret}'''"
    assert raw.secret not in repr(raw)
