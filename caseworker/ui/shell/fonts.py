"""Register the bundled CJK fonts so Chinese renders on machines without any installed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from caseworker.policy.resources import resources_dir

FONTS_DIR = resources_dir() / "fonts"
UI_FAMILY = "WenQuanYi Micro Hei"
# The screen needs one complete CJK face; the document fonts (宋/楷, 40 MB) stay with the
# PDF engine so start-up does not read them.
UI_FONT_FILES = ("wqy-microhei.ttc",)


def register_fonts(app: QApplication, directory: Path = FONTS_DIR) -> list[str]:
    """Load the bundled UI font; make it the application font."""
    families: list[str] = []
    for name in UI_FONT_FILES:
        path = directory / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"Qt could not load the bundled font {path}")
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if UI_FAMILY not in families:
        raise RuntimeError(f"bundled UI font {UI_FAMILY!r} missing from {directory}")
    font = QFont(UI_FAMILY)
    font.setPointSize(10)
    app.setFont(font)
    return families
