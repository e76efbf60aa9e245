"""Fixtures for the care-bed tests: a demo database and a small ward of our own in 崇明."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from caseworker import i18n
from caseworker.models import Bed, Case, Institution, Room
from tests.beds.helpers import CHONGMING, make_cases, make_ward
from tests.support.catalogue import merged_catalogue
from tests.support.factories import build_small_demo

# This feature's pending messages: the board, setting up the inventory on it, its history.


PENDING_NAMES = ("beds.json", "beds_setup.json", "bed_history.json")
PENDING = [i18n.TRANSLATIONS_DIR / "pending" / name for name in PENDING_NAMES]


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with this feature's pending messages merged in, as it will be once merged."""
    return merged_catalogue(tmp_path_factory.mktemp("translations"), *PENDING_NAMES)


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
