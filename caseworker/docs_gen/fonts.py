"""CJK fonts by role, with per-character fallback (reportlab itself has none).

A role (仿宋, 宋, 小标宋, 楷, 黑) resolves to a chain of TrueType fonts; `FontRegistry.runs`
splits text into runs so that every character prints in the first font whose cmap has it.
Fonts are loaded lazily and registered with reportlab once per process (`font_registry`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFError, TTFont  # type: ignore[import-untyped]

from caseworker.docs_gen import _rlfix
from caseworker.docs_gen.resources import DOCSTYLES_DIR, FONTS_DIR

log = logging.getLogger(__name__)
ROLES = ("fangsong", "song", "xiaobiaosong", "kai", "hei")


class MissingGlyphError(ValueError):
    """No available font has a glyph for a character: printing it would leave a blank."""

    def __init__(self, char: str, role: str) -> None:
        super().__init__(f"no font has a glyph for {char!r} (U+{ord(char):04X}) in role {role}")
        self.char = char


def default_system_font_dirs() -> tuple[Path, ...]:
    """Where Windows, macOS and Linux keep fonts (only consulted when preferred)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return (windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts")
    if sys.platform == "darwin":
        return (
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
            Path("/System/Library/Fonts/Supplemental"),
        )
    return (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts")


@dataclass(frozen=True)
class FontSettings:
    """How to pick fonts: the app's own copies, or the system's 仿宋/宋体 where present."""

    prefer_system_fonts: bool = False
    search_paths: tuple[Path, ...] | None = None  # None: default_system_font_dirs()


@dataclass(frozen=True)
class LoadedFont:
    name: str  # the reportlab font name
    path: Path
    index: int
    cmap: dict[int, int] = field(repr=False, compare=False)
    widths: dict[int, float] = field(repr=False, compare=False)
    default_width: float = 1000.0


def _register(path: Path, index: int, bundled: bool) -> LoadedFont:
    # Bundled fonts get stable names; a system file's name also carries its path's hash, so
    # two files with one stem never share a reportlab name.
    tag = "" if bundled else "-" + hashlib.sha1(str(path).encode()).hexdigest()[:8]
    name = f"cw-{path.stem}-{index}{tag}"
    if name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
    else:
        font = TTFont(name, str(path), subfontIndex=index)
        pdfmetrics.registerFont(font)
    face = font.face
    return LoadedFont(
        name, path, index, face.charToGlyph, face.charWidths, float(face.defaultWidth)
    )


def _find_system_file(names: Sequence[str], dirs: Iterable[Path]) -> Path | None:
    wanted = {n.lower() for n in names}
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for f in files:
                if f.lower() in wanted and f.lower() not in found:
                    found[f.lower()] = Path(root) / f
    for n in names:  # the order in fonts.toml is the order of preference
        if n.lower() in found:
            return found[n.lower()]
    return None


class FontRegistry:
    """The fonts of one configuration; ask `font_registry()` for the shared instance."""

    def __init__(
        self,
        settings: FontSettings | None = None,
        *,
        config: Path = DOCSTYLES_DIR / "fonts.toml",
        fonts_dir: Path = FONTS_DIR,
    ) -> None:
        self.settings = settings or FontSettings()
        _rlfix.install()
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        self._files = {
            k: (fonts_dir / v["file"], int(v.get("index", 0))) for k, v in data["fonts"].items()
        }
        self._fallback: list[str] = list(data["fallback"])
        self._roles: dict[str, dict[str, list[str]]] = data["roles"]
        self._fonts_dir = fonts_dir
        self._loaded: dict[tuple[Path, int], LoadedFont] = {}
        self._chains: dict[str, tuple[LoadedFont, ...]] = {}
        self._choice: dict[str, dict[str, str]] = {}
        self._by_name: dict[str, LoadedFont] = {}

    def _load(self, path: Path, index: int) -> LoadedFont | None:
        key = (path, index)
        if key not in self._loaded:
            try:
                self._loaded[key] = _register(path, index, path.parent == self._fonts_dir)
            except (TTFError, OSError) as exc:  # e.g. a system .otf with CFF outlines
                log.warning("font %s skipped: %s", path, exc)
                return None
            self._by_name[self._loaded[key].name] = self._loaded[key]
        return self._loaded[key]

    def chain(self, role: str) -> tuple[LoadedFont, ...]:
        """The fonts tried for a role, best first (system ones first only when preferred)."""
        if role not in self._chains:
            spec = self._roles[role]
            candidates: list[tuple[Path, int]] = []
            if self.settings.prefer_system_fonts:
                dirs = self.settings.search_paths
                found = _find_system_file(
                    spec.get("system", []), dirs or default_system_font_dirs()
                )
                if found is not None:
                    candidates.append((found, 0))
            for key in [*spec.get("bundled", []), *self._fallback]:
                if self._files[key] not in candidates:
                    candidates.append(self._files[key])
            loaded = [f for f in (self._load(p, i) for p, i in candidates) if f is not None]
            if not loaded:
                raise FileNotFoundError(f"no usable font for role {role}")
            self._chains[role] = tuple(loaded)
        return self._chains[role]

    def primary(self, role: str) -> str:
        return self.chain(role)[0].name

    def font_for(self, char: str, role: str) -> str:
        """The name of the first font in the role's chain with a glyph for `char`."""
        choice = self._choice.setdefault(role, {})
        name = choice.get(char)
        if name is None:
            code = ord(char)
            for font in self.chain(role):
                if code in font.cmap:
                    name = font.name
                    break
            else:
                raise MissingGlyphError(char, role)
            choice[char] = name
        return name

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs by which font has each glyph."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch, role)
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def advance(self, name: str, char: str, size: float) -> float:
        """The glyph's advance width in points."""
        font = self._by_name[name]
        return font.widths.get(ord(char), font.default_width) * size / 1000.0

    def font(self, name: str) -> LoadedFont:
        return self._by_name[name]


@lru_cache(maxsize=8)
def font_registry(settings: FontSettings | None = None) -> FontRegistry:
    """The process-wide registry for these settings: fonts are parsed and registered once."""
    return FontRegistry(settings)
