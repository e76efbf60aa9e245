from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker.app import AppContext, start
from caseworker.ui.shell.fonts import register_fonts
from tests.support.factories import build_small_demo


@pytest.fixture
def demo_ctx(tmp_path: Path, qapp) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """A started app (as `caseworker gui` starts it) on a small demo database."""
    register_fonts(qapp)
    ctx = start(str(tmp_path / "demo.db"))
    build_small_demo(ctx.engine, children=1200)
    yield ctx
    ctx.close()
