"""Fixtures for the encryption, key and backup tests: an in-memory keyring (never the OS
keychain), a no-keyring machine, and small encrypted demo databases."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from babel.messages.pofile import read_po, write_po
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from caseworker import i18n
from caseworker.storage import keys
from caseworker.storage import migrate as schema
from caseworker.storage.database import make_engine
from caseworker.storage.keys import DatabaseKey
from tests.support.factories import build_small_demo

PENDING = i18n.TRANSLATIONS_DIR / "pending" / "security.json"
SECRET_ENVS = (
    keys.PASSPHRASE_ENV,
    "CASEWORKER_DB_NEW_PASSPHRASE",
    "CASEWORKER_BACKUP_PASSPHRASE",
    "CASEWORKER_USER",
    "CASEWORKER_PASSWORD",
)
BACKUP_PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict: what a desktop's keychain does, without one."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable: keyring's own discovery must never pick a test backend (it scans
        # every subclass); the fixture sets it explicitly.
        raise RuntimeError("test backend")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with this feature's pending messages merged in, as it will be once merged."""
    source = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
    with source.open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    for msgid, text in json.loads(PENDING.read_text(encoding="utf-8")).items():
        if msgid not in catalogue or not catalogue[msgid].string:
            catalogue.add(msgid, text)
    root = tmp_path_factory.mktemp("translations")
    target = root / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "caseworker.po").open("wb") as fh:
        write_po(fh, catalogue)
    return root


@pytest.fixture(autouse=True)
def _chinese(_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # start() activates the catalogue as shipped; make it activate ours.
    real = i18n.activate
    monkeypatch.setattr(
        i18n, "activate", lambda locale="zh_CN", directory=_catalogue: real(locale, directory)
    )
    real("zh_CN", _catalogue)
    yield
    real("zh_CN")


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Every test here starts with an empty in-memory keyring and no secrets in the
    environment (the suite-wide test passphrase included)."""
    for name in SECRET_ENVS:
        monkeypatch.delenv(name, raising=False)
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> None:
    """A headless Linux: keyring's fail backend, which raises NoKeyringError."""
    keyring.set_keyring(fail.Keyring())


@dataclass
class Demo:
    path: Path
    key: DatabaseKey
    names: list[str]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    from sqlalchemy import select

    from caseworker.models import Child

    path = tmp_path_factory.mktemp("demo") / "template.db"
    key = DatabaseKey.random()
    engine = make_engine(f"sqlite:///{path}", key)
    schema.upgrade(engine)
    build_small_demo(engine, children=120)
    with engine.connect() as conn:
        names = list(conn.scalars(select(Child.name)))
    engine.dispose()
    return Demo(path, key, names)


@pytest.fixture
def demo(_demo_template: Demo, tmp_path: Path, memory_keyring: MemoryKeyring) -> Demo:
    """An encrypted demo database of its own, its key in the keyring as the app leaves it."""
    path = tmp_path / "data" / "caseworker.storage.database"
    path.parent.mkdir()
    shutil.copy(_demo_template.path, path)
    keys.store_key(path, _demo_template.key)
    return Demo(
        path,
        DatabaseKey(_demo_template.key.secret, raw=True, source="keyring"),
        _demo_template.names,
    )
