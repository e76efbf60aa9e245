"""Breaking Chinese paragraphs into lines on the GB/T 9704 character grid.

Every character is a break opportunity except inside runs of Latin letters and digits (an
ID number never splits). Closing punctuation never starts a line (禁则): one such mark
hangs past the right edge, as Word's 允许标点溢出边界 does; opening marks never end one.
Full lines are justified by the PDF character spacing so that they fill the type area.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from caseworker.docs_gen.fonts import FontRegistry

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—％‰℃·,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[./\-:][A-Za-z0-9]+)*|.", re.S)
_EPS = 0.05  # points: rounding slack when a line exactly fills the measure


@dataclass(frozen=True)
class Line:
    """One laid-out line: runs drawn from `x` with PDF character spacing `char_space`."""

    x: float
    runs: tuple[tuple[str, str], ...]  # (font name, text)
    size: float
    char_space: float
    width: float  # visible width (without the trailing character spacing)
    hscale: float = 1.0
    embolden: float = 0.0  # outline stroke in pt (小标宋 stand-in)
    color: str = field(default="#000000")

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


@dataclass(frozen=True)
class Measure:
    """Where a paragraph's lines go: left edge, width, indents and grid spacing."""

    left: float
    width: float
    char_space: float  # base spacing so that CJK characters sit on the grid pitch
    first_indent: float = 0.0
    rest_indent: float = 0.0


def _widths(fonts: FontRegistry, runs: list[tuple[str, str]], size: float) -> list[float]:
    return [fonts.advance(name, ch, size) for name, text in runs for ch in text]


def measure_text(
    fonts: FontRegistry, text: str, role: str, size: float, char_space: float
) -> float:
    """Visible width of a single-line text."""
    w = _widths(fonts, fonts.runs(text, role), size)
    return sum(w) + char_space * (len(w) - 1) if w else 0.0


def _runs_of(chars: list[str], names: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for ch, name in zip(chars, names, strict=True):
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return tuple(out)


def _break_points(text: str, adv: list[float], m: Measure) -> list[tuple[int, int, bool]]:
    """Greedy breaks as (start, end, ends with a hanging mark), honouring the 禁则."""
    toks = [(t.start(), t.end()) for t in _TOKEN.finditer(text)]
    # 28 grid cells fill the measure; with condensed spacing the last glyph overhangs its
    # cell by |spacing| (0.07 mm), as in Word, and justification takes that back
    slack = max(m.char_space, 0.0)
    lines: list[tuple[int, int, bool]] = []
    start, first, i, used = 0, 0, 0, 0.0
    avail = m.width - m.first_indent
    while i < len(toks):
        a, b = toks[i]
        w = sum(adv[a:b])
        if used + w - slack <= avail + _EPS:
            used += w
            i += 1
            continue
        if i == first and b - a == 1:  # a line narrower than one character
            used += w
            i += 1
            continue
        if i == first:  # one word wider than the line: split it where it must
            cut, acc = a + 1, adv[a]
            while cut < b and acc + adv[cut] - slack <= avail + _EPS:
                acc += adv[cut]
                cut += 1
            toks[i : i + 1] = [(a, cut), (cut, b)]
            continue
        nxt = toks[i + 1][0] if i + 1 < len(toks) else None
        if text[a] in NO_LINE_START and (nxt is None or text[nxt] not in NO_LINE_START):
            lines.append((start, b, True))  # hang one closing mark past the edge
            start, first, i = b, i + 1, i + 1
        else:
            j = i
            while j > first + 1 and text[toks[j][0]] in NO_LINE_START:
                j -= 1  # a closing mark never starts a line: take a character down with it
            while j > first + 1 and text[toks[j - 1][0]] in NO_LINE_END:
                j -= 1  # an opening mark never ends one
            lines.append((start, toks[j][0], False))
            start, first, i = toks[j][0], j, j
        used = 0.0
        avail = m.width - m.rest_indent
    if start < len(text) or not lines:
        lines.append((start, len(text), False))
    return lines


def break_lines(
    fonts: FontRegistry,
    spans: Sequence[tuple[str, str]],
    size: float,
    m: Measure,
    *,
    justify: bool = True,
) -> list[Line]:
    """Lay a paragraph of (role, text) spans out into lines; full lines are justified."""
    text = "".join(t for _, t in spans)
    names = [fonts.font_for(ch, role) for role, t in spans for ch in t]
    adv = [fonts.advance(n, ch, size) + m.char_space for n, ch in zip(names, text, strict=True)]
    lines = _break_points(text, adv, m)

    out: list[Line] = []
    for i, (s, e, hanging) in enumerate(lines):
        indent = m.first_indent if i == 0 else m.rest_indent
        body_end = e - 1 if hanging else e
        n = body_end - s
        natural = sum(adv[s:body_end]) - m.char_space if n else 0.0
        tc = m.char_space
        room = m.width - indent
        if justify and (i < len(lines) - 1 or hanging) and n > 1:
            tc += (room - natural) / (n - 1)
        width = natural + (tc - m.char_space) * max(n - 1, 0)
        out.append(Line(m.left + indent, _runs_of(list(text[s:e]), names[s:e]), size, tc, width))
    return out


def single_line(
    fonts: FontRegistry,
    text: str,
    role: str,
    size: float,
    x: float,
    char_space: float = 0.0,
    hscale: float = 1.0,
) -> Line:
    """An unbroken line at `x` (callers align it by its `width`)."""
    names = [fonts.font_for(ch, role) for ch in text]
    width = measure_text(fonts, text, role, size, char_space) * hscale
    return Line(x, _runs_of(list(text), names), size, char_space, width, hscale)
