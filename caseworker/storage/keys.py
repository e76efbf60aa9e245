"""Database keys: a random key kept in the OS keyring, or a passphrase where there is none.

No key is ever written to disk by this program. Lookup order for an SQLite file:
1. `CASEWORKER_DB_PASSPHRASE` (non-interactive use: command line, CI, the demo script);
2. the keyring entry (service "caseworker", user = the file's resolved path);
3. a new database with a usable keyring: a random 32-byte key, stored before the file exists;
4. otherwise a passphrase from the caller's prompt (terminal or dialog).
PostgreSQL passwords live in the keyring too (service "caseworker-postgresql").
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import keyring
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy.engine import make_url

from caseworker.i18n import _
from caseworker.services.errors import DomainError

SERVICE = "caseworker"
PG_SERVICE = "caseworker-postgresql"
PASSPHRASE_ENV = "CASEWORKER_DB_PASSPHRASE"
MIN_NEW_PASSPHRASE = 10
_PENDING = " (pending)"
_RAW = re.compile(r"[0-9a-f]{64}")


class KeyUnavailable(DomainError):
    """No key source: no keyring entry, no passphrase in the environment, no prompt."""


class PassphraseCancelled(KeyUnavailable):
    """The user closed the passphrase prompt."""


class DatabaseKeyError(DomainError):
    """The key does not open the file (wrong key, or the file is damaged)."""


class PlainDatabaseError(DomainError):
    """An unencrypted file where an encrypted one is expected."""


def wrong_key_message() -> str:
    return _("The database key is wrong or the file is damaged.")


def plain_file_message(path: Path) -> str:
    return _(
        "The database {path} is not encrypted. Encrypt it once with `caseworker db encrypt` "
        "(it keeps a copy of the original first)."
    ).format(path=path)


class PassphrasePrompt(Protocol):
    """Ask the user: `new` asks for a new passphrase (twice); `retry` after a wrong one.
    Returns None when the user cancels."""

    def __call__(self, path: Path, *, new: bool, retry: bool) -> str | None: ...


@dataclass(frozen=True)
class DatabaseKey:
    secret: str = field(repr=False)  # 64 hex digits for a raw key, else the passphrase
    raw: bool
    source: str  # keyring | env | prompt | new | given

    @classmethod
    def random(cls) -> DatabaseKey:
        return cls(secrets.token_hex(32), raw=True, source="new")

    @classmethod
    def passphrase(cls, text: str, source: str = "given") -> DatabaseKey:
        return cls(text, raw=False, source=source)

    @classmethod
    def stored(cls, secret: str) -> DatabaseKey:
        # The keyring's content ends up in a PRAGMA: accept nothing but hex digits.
        if not _RAW.fullmatch(secret):
            raise DatabaseKeyError(_("The database key in the keyring is damaged."))
        return cls(secret, raw=True, source="keyring")

    def text(self) -> str:
        """The key as SQLCipher reads it: raw keys as x'…', which skips its KDF."""
        return f"x'{self.secret}'" if self.raw else self.secret

    def sql(self) -> str:
        """A quoted literal for PRAGMA key/rekey, which take no bound parameters."""
        return "'" + self.text().replace("'", "''") + "'"


def database_id(path: Path) -> str:
    """The keyring user name of a database file: its resolved path."""
    return os.path.normcase(str(Path(path).resolve()))


def keyring_usable() -> bool:
    # The fail backend raises; the null backend (and an empty chainer) silently drop
    # what is stored, which would lose the only copy of a new key.
    ring = keyring.get_keyring()
    if isinstance(ring, fail.Keyring | null.Keyring):
        return False
    return not (isinstance(ring, chainer.ChainerBackend) and not ring.backends)


def _get(service: str, user: str) -> str | None:
    try:
        return keyring.get_password(service, user)
    except KeyringError:
        return None


def _set(service: str, user: str, secret: str) -> None:
    try:
        keyring.set_password(service, user, secret)
        stored = keyring.get_password(service, user)
    except KeyringError as exc:
        raise KeyUnavailable(
            _("The keyring refused to store the key: {error}").format(error=exc)
        ) from None
    if stored != secret:
        raise KeyUnavailable(_("The keyring did not keep the key; use a passphrase instead."))


def _delete(service: str, user: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(service, user)


def env_key(env: Mapping[str, str]) -> DatabaseKey | None:
    text = env.get(PASSPHRASE_ENV)
    return DatabaseKey.passphrase(text, "env") if text else None


def is_new_database(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def database_key(
    path: Path,
    env: Mapping[str, str] = os.environ,
    prompt: PassphrasePrompt | None = None,
    *,
    retry: bool = False,
    new: bool | None = None,
) -> DatabaseKey:
    """The key of an SQLite file, creating one for a new database (see the module doc).

    `new=True` treats an existing file as new (`caseworker db encrypt` of a plain file)."""
    key = env_key(env)
    if key is not None:
        return key
    new = is_new_database(path) if new is None else new
    if keyring_usable():
        stored = _get(SERVICE, database_id(path))
        if stored:
            return DatabaseKey.stored(stored)
        if new:
            key = DatabaseKey.random()
            store_key(path, key)
            return key
    if prompt is None:
        raise KeyUnavailable(
            _(
                "No key for the database {path}: no keyring holds it and no passphrase was "
                "given. Set CASEWORKER_DB_PASSPHRASE or run in a terminal."
            ).format(path=path)
        )
    text = prompt(path, new=new, retry=retry)
    if not text:
        raise PassphraseCancelled(_("No passphrase was given; the database stays closed."))
    return DatabaseKey.passphrase(text, "prompt")


def store_key(path: Path, key: DatabaseKey) -> None:
    assert key.raw, "passphrases are never stored"
    _set(SERVICE, database_id(path), key.secret)


def delete_key(path: Path) -> None:
    _delete(SERVICE, database_id(path))


# A key change stores the new key as "pending" before `PRAGMA rekey` and promotes it after:
# a crash in between leaves a key that opens the file, whichever state it is in.
def store_pending(path: Path, key: DatabaseKey) -> None:
    _set(SERVICE, database_id(path) + _PENDING, key.secret)


def pending_key(path: Path) -> DatabaseKey | None:
    secret = _get(SERVICE, database_id(path) + _PENDING) if keyring_usable() else None
    return DatabaseKey.stored(secret) if secret else None


def promote_pending(path: Path, key: DatabaseKey) -> None:
    store_key(path, key)
    drop_pending(path)


def drop_pending(path: Path) -> None:
    _delete(SERVICE, database_id(path) + _PENDING)


def pg_account(url: str) -> str | None:
    """The keyring user name of a PostgreSQL URL: user@host:port/database."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        return None
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def pg_password(url: str) -> str | None:
    """The keyring's password for a URL that has none (libpq's own PGPASSWORD/.pgpass
    still work when this returns None)."""
    account = pg_account(url)
    if account is None or make_url(url).password or not keyring_usable():
        return None
    return _get(PG_SERVICE, account)


def set_pg_password(url: str, password: str | None) -> str:
    """Store (or with None, forget) the password of a PostgreSQL URL; returns the account."""
    account = pg_account(url)
    if account is None:
        raise DomainError(_("Not a PostgreSQL URL: {url}").format(url=url))
    if make_url(url).password:
        raise DomainError(_("Leave the password out of the URL; you will be asked for it."))
    if not keyring_usable():
        raise KeyUnavailable(
            _("No keyring is available here: use a ~/.pgpass file or PGPASSWORD instead.")
        )
    if password is None:
        _delete(PG_SERVICE, account)
    else:
        _set(PG_SERVICE, account, password)
    return account
