"""Fixtures for the document register: the feature's translations, a small demo world, a
case with real records, and reading PDFs back with poppler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from caseworker import i18n
from tests.docs.conftest import invariant_pdfs
from tests.register.helpers import World, full_case
from tests.support.catalogue import merged_catalogue
from tests.support.factories import actor, build_small_demo

# This feature's pending messages: the register, and the bed report's figures from the beds.


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with this feature's pending messages merged in, as it will be once merged."""
    return merged_catalogue(
        tmp_path_factory.mktemp("translations"), "documents.json", "bed_letter.json"
    )


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
