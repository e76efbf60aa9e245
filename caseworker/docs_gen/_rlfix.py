"""A fix for reportlab 5.1: text outside the Basic Multilingual Plane copies out wrong.

reportlab writes a subset's ToUnicode entries as `<%04X>`, so U+20BB7 (𠮷, a surname) is
written as <20BB7> and PDF readers take it for U+20BB: the glyph prints right but copying or
searching the PDF finds another character. A ToUnicode destination must be UTF-16BE: the
surrogate pair <D842DFB7>. `install` wraps reportlab's CMap writer once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reportlab.pdfbase import ttfonts  # type: ignore[import-untyped]

_ENTRY = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.M)


def _utf16(m: re.Match[str]) -> str:
    cp = int(m.group(2), 16) - 0x10000
    return f"<{m.group(1)}> <{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}>"


def install() -> None:
    original: Callable[[str, list[int]], str] = ttfonts.makeToUnicodeCMap
    if getattr(original, "_caseworker_fixed", False):
        return

    def make_cmap(fontname: str, subset: list[int]) -> str:
        return _ENTRY.sub(_utf16, original(fontname, subset))

    make_cmap._caseworker_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_cmap
