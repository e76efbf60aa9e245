"""`caseworker gui --screenshot` writes a real picture of each screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from caseworker.cli.main import main
from tests.support.factories import build_small_demo

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("screen", ["login", "cases", "beds"])
def test_screenshot_of_a_screen(tmp_path, qapp, screen) -> None:  # type: ignore[no-untyped-def]
    from caseworker.app import start

    db = str(tmp_path / "demo.db")
    ctx = start(db)
    build_small_demo(ctx.engine, children=200)
    ctx.close()
    out = tmp_path / f"{screen}.png"
    assert main(["--db", db, "gui", "--screenshot", str(out), "--screen", screen]) == 0
    image = QImage(str(out))
    assert image.width() > 400 and image.height() > 200
    # Not a blank canvas: many distinct colours (text, grid, selection).
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 10
