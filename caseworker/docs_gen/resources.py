"""Where the document engine finds its data: styles, letters, instruments, fonts."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DOCSTYLES_DIR = RESOURCES / "docstyles"
LETTERS_DIR = RESOURCES / "letters"
INSTRUMENTS_DIR = RESOURCES / "instruments"
FONTS_DIR = RESOURCES / "fonts"
