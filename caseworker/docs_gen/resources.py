"""Where the document engine finds its data: styles, letters, instruments, fonts."""

from __future__ import annotations

from caseworker.policy.resources import resources_dir

RESOURCES = resources_dir()
DOCSTYLES_DIR = RESOURCES / "docstyles"
LETTERS_DIR = RESOURCES / "letters"
INSTRUMENTS_DIR = RESOURCES / "instruments"
FONTS_DIR = RESOURCES / "fonts"
