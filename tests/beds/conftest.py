"""Fixtures for the care-bed tests: a demo database and a small ward of our own in 崇明."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy.orm import Session

from caseworker import i18n
from caseworker.models import Bed, Case, Institution, Room
from tests.beds.helpers import CHONGMING, make_cases, make_ward
from tests.support.factories import build_small_demo

# This feature's pending messages: the board, setting up the inventory on it, its history.
PENDING = [
    i18n.TRANSLATIONS_DIR / "pending" / name
    for name in ("beds.json", "beds_setup.json", "bed_history.json")
]


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with this feature's pending messages merged in, as it will be once merged."""
    source = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
    with source.open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    for pending in PENDING:
        for msgid, text in json.loads(pending.read_text(encoding="utf-8")).items():
            # Catalog.add keeps an entry already there (the catalogue script may have
            # extracted it untranslated): fill that one in.
            entry = catalogue.get(msgid)
            if entry is None:
                catalogue.add(msgid, text)
            elif not entry.string:
                entry.string = text
    root = tmp_path_factory.mktemp("translations")
    target = root / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "caseworker.po").open("wb") as fh:
        write_po(fh, catalogue)
    return root


@pytest.fixture(autouse=True)
def _chinese(_catalogue: Path) -> Iterator[None]:
    i18n.activate("zh_CN", _catalogue)
    yield
    i18n.activate("zh_CN")


@pytest.fixture
def demo(engine, session: Session) -> Session:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=40)
    return session


@dataclass
class Ward:
    institution: Institution
    room: Room
    beds: list[Bed]
    cases: list[Case]


@pytest.fixture
def ward(demo: Session) -> Ward:
    """Four empty beds in a new 崇明 protection institution and six admittable cases."""
    inst, room, beds = make_ward(demo, CHONGMING, beds=4)
    cases = make_cases(demo, CHONGMING, 6)
    demo.commit()
    return Ward(inst, room, beds, cases)
