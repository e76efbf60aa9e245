"""Fixtures for the document register: the feature's translations, a small demo world, a
case with real records, and reading PDFs back with poppler."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy.orm import Session

from caseworker import i18n
from tests.docs.conftest import invariant_pdfs
from tests.register.helpers import World, full_case
from tests.support.factories import actor, build_small_demo

# This feature's pending messages: the register, and the bed report's figures from the beds.
PENDING = [
    i18n.TRANSLATIONS_DIR / "pending" / name for name in ("documents.json", "bed_letter.json")
]


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with this feature's pending messages merged in, as it will be once merged."""
    source = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
    with source.open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    for pending in PENDING:
        for msgid, text in json.loads(pending.read_text(encoding="utf-8")).items():
            if msgid not in catalogue or not catalogue[msgid].string:
                if msgid in catalogue:
                    del catalogue[msgid]  # add() would keep the empty translation
                catalogue.add(msgid, text)
    root = tmp_path_factory.mktemp("translations")
    target = root / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "caseworker.po").open("wb") as fh:
        write_po(fh, catalogue)
    return root


@pytest.fixture(autouse=True)
def _chinese(_catalogue: Path) -> Iterator[None]:
    i18n.activate("zh_CN", _catalogue)
    with invariant_pdfs():  # same inputs, same bytes
        yield
    i18n.activate("zh_CN")


@pytest.fixture
def demo(engine, session: Session) -> Session:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=30)
    return session


@pytest.fixture
def world(demo: Session) -> World:
    sw = actor(demo, "pudong.sw1")
    manager = actor(demo, "pudong.manager")
    return World(demo, sw, manager, full_case(demo, sw, manager))
