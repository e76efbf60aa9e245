"""Document styles: the GB/T 9704 layout as data (resources/docstyles/*.toml).

A style file may `extends` another and override only what differs; `load_style` merges them
into one frozen `DocStyle`. Lengths in the files are millimetres, sizes points.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]

from caseworker.docs_gen.resources import DOCSTYLES_DIR


@dataclass(frozen=True)
class TextSpec:
    role: str
    size: float
    embolden: float = 0.0  # stroke width in pt: a heavier face where no bold font exists


@dataclass(frozen=True)
class DocStyle:
    name: str
    page_width: float  # all lengths in points from here on
    page_height: float
    top: float
    left: float
    body_width: float
    body_height: float
    lines: int
    chars: int
    em_descent: float
    text: dict[str, TextSpec]
    letterhead: dict[str, Any]
    recipient_gap: int
    attachments: dict[str, Any]
    signature: dict[str, Any]
    imprint: dict[str, Any]
    page_numbers: dict[str, Any]

    @property
    def line_height(self) -> float:
        return self.body_height / self.lines

    @property
    def pitch(self) -> float:
        """The character pitch of the body grid (版心宽 / 每行字数)."""
        return self.body_width / self.chars

    @property
    def body_top(self) -> float:
        return self.page_height - self.top

    @property
    def body_bottom(self) -> float:
        return self.body_top - self.body_height

    @property
    def right(self) -> float:
        return self.left + self.body_width

    def baseline(self, line: int, size: float) -> float:
        """Baseline of grid line `line` (0 = top) for text of `size`: em box centred in it."""
        cell_bottom = self.body_top - (line + 1) * self.line_height
        return cell_bottom + (self.line_height - size) / 2 + self.em_descent * size


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(name: str, directory: Path) -> dict[str, Any]:
    data = tomllib.loads((directory / f"{name}.toml").read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    return _merge(_read(parent, directory), data) if parent else data


def _mm_keys(d: dict[str, Any]) -> dict[str, Any]:
    """Convert every `*_mm` value to points, recursively, dropping the suffix."""
    out: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, dict):
            out[key] = _mm_keys(value)
        elif key.endswith("_mm"):
            out[key[:-3]] = float(value) * mm
        else:
            out[key] = value
    return out


@lru_cache(maxsize=16)
def load_style(name: str, directory: Path = DOCSTYLES_DIR) -> DocStyle:
    """A style by file name (gongwen, gongwen-up, xinhan, wenshu) or by its Chinese name."""
    files = {p.stem: p for p in directory.glob("*.toml") if p.stem != "fonts"}
    if name not in files:
        by_title = {_read(stem, directory)["name"]: stem for stem in files}
        if name not in by_title:
            raise KeyError(f"unknown document style {name!r}")
        name = by_title[name]
    d = _mm_keys(_read(name, directory))
    page = d["page"]
    return DocStyle(
        name=d["name"],
        page_width=page["width"],
        page_height=page["height"],
        top=page["top"],
        left=page["left"],
        body_width=page["body_width"],
        body_height=page["body_height"],
        lines=int(page["lines"]),
        chars=int(page["chars"]),
        em_descent=float(page["em_descent"]),
        text={k: TextSpec(**v) for k, v in d["text"].items()},
        letterhead=d["letterhead"],
        recipient_gap=int(d["recipient"]["gap_lines"]),
        attachments=d["attachments"],
        signature=d["signature"],
        imprint=d["imprint"],
        page_numbers=d["page_numbers"],
    )
