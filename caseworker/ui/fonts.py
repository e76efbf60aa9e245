"""Register the bundled CJK fonts so Chinese renders on machines without any installed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
UI_FAMILY = "WenQuanYi Micro Hei"


def register_fonts(app: QApplication, directory: Path = FONTS_DIR) -> list[str]:
    """Load every bundled font file; make the UI family the application font."""
    families: list[str] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in (".ttf", ".ttc", ".otf"):
            continue
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
