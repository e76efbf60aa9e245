"""Fixtures for the court tests: zh_CN with this feature's pending messages, and a small
world of our own (no demo build, so each test stays fast on both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker import i18n
from tests.court.helpers import World, make_world
from tests.support.catalogue import merged_catalogue

DEMO_CHILDREN = 300  # enough district life around our case; tests/ui uses 1200


@pytest.fixture(scope="session")
def _catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN with the pending court messages merged in, as it will be once merged."""
    return merged_catalogue(tmp_path_factory.mktemp("translations"), "court.json")


@pytest.fixture(autouse=True)
def _chinese(_catalogue: Path) -> Iterator[None]:
    i18n.activate("zh_CN", _catalogue)
    yield
    i18n.activate("zh_CN")


@pytest.fixture
def world(session) -> World:  # type: ignore[no-untyped-def]
    return make_world(session)


@pytest.fixture
def demo_ctx(tmp_path: Path, qapp, _catalogue: Path):  # type: ignore[no-untyped-def]
    """A started app on a small demo database, as tests/ui/conftest.py builds it."""
    from caseworker.app import start
    from caseworker.ui.shell.fonts import register_fonts
    from tests.support.factories import build_small_demo

    register_fonts(qapp)
    ctx = start(str(tmp_path / "demo.db"))
    i18n.activate("zh_CN", _catalogue)  # start() activated the catalogue without ours
    build_small_demo(ctx.engine, children=DEMO_CHILDREN)
    yield ctx
    ctx.close()
