"""Platypus building blocks with per-character font fallback.

reportlab's Paragraph takes one font; `markup` wraps every run whose glyphs come from a
fallback font in <font face=…>, so table cells wrap CJK text and never print a blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle  # type: ignore[import-untyped]

from caseworker.docs_gen.draw import draw_line
from caseworker.docs_gen.fonts import FontRegistry
from caseworker.docs_gen.layout import single_line


def markup(fonts: FontRegistry, text: str, role: str) -> str:
    base = fonts.primary(role)
    out: list[str] = []
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            out.append("<br/>")
        for name, run in fonts.runs(line, role):
            esc = escape(run)
            out.append(esc if name == base else f'<font face="{name}">{esc}</font>')
    return "".join(out)


class Styles:
    """The paragraph styles of forms and reports, bound to a font registry."""

    def __init__(self, fonts: FontRegistry, size: float = 12) -> None:
        self.fonts = fonts
        body = fonts.primary("fangsong")
        self.cell = ParagraphStyle(
            "cell", fontName=body, fontSize=size, leading=size * 1.35, wordWrap="CJK"
        )
        self.small = ParagraphStyle(
            "small", parent=self.cell, fontSize=size - 1.5, leading=(size - 1.5) * 1.35
        )
        self.head = ParagraphStyle(
            "head", parent=self.cell, fontName=fonts.primary("hei"), alignment=TA_CENTER
        )
        self.center = ParagraphStyle("center", parent=self.cell, alignment=TA_CENTER)
        self.h1 = ParagraphStyle(
            "h1",
            parent=self.cell,
            fontName=fonts.primary("hei"),
            fontSize=14,
            leading=22,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.body = ParagraphStyle(
            "body",
            parent=self.cell,
            fontSize=14,
            leading=24,
            firstLineIndent=28,
            alignment=TA_JUSTIFY,
        )
        # a heading before a long table: CondPageBreak keeps it off a page's last lines
        self.section = ParagraphStyle("section", parent=self.h1, keepWithNext=0)
        self.note = ParagraphStyle("note", parent=self.small, alignment=TA_CENTER)
        self._roles = {
            "cell": "fangsong",
            "small": "fangsong",
            "center": "fangsong",
            "body": "fangsong",
            "note": "fangsong",
            "head": "hei",
            "section": "hei",
            "h1": "hei",
        }

    def p(self, text: str, style: str = "cell") -> Paragraph:
        return Paragraph(markup(self.fonts, text, self._roles[style]), getattr(self, style))


class TitleLine(Flowable):
    """A centred title in the 小标宋 role, stroked to approximate the heavier face."""

    def __init__(
        self, fonts: FontRegistry, text: str, size: float = 22, embolden: float = 0.45
    ) -> None:
        super().__init__()
        self.fonts, self.text, self.size, self.embolden = fonts, text, size, embolden

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail = availWidth
        return availWidth, self.size * 1.8

    def draw(self) -> None:
        line = single_line(self.fonts, self.text, "xiaobiaosong", self.size, 0.0)
        x = (self.avail - line.width) / 2
        line = replace(line, x=x, embolden=self.embolden)
        canv: Canvas = self.canv
        draw_line(canv, line, self.size * 0.5)


CN_NUM = "一二三四五六七八九十"
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def table(
    s: Styles,
    rows: list[list[object]],
    widths: Sequence[float],
    extra: Sequence[tuple[object, ...]] = (),
    heights: Sequence[float | None] | None = None,
    repeat: int = 0,
) -> Table:
    """A ruled table of paragraphs in the given column widths (mm)."""
    t = Table(rows, colWidths=[w * mm for w in widths], rowHeights=heights, repeatRows=repeat)
    t.setStyle(GRID)
    # plain-string cells would otherwise be set in (unembedded) Helvetica
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.cell.fontName)]))
    if extra:
        t.setStyle(TableStyle(list(extra)))
    return t
