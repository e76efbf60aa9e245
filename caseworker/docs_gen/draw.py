"""Putting laid-out lines and rules on a reportlab canvas."""

from __future__ import annotations

from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from caseworker.docs_gen.fonts import FontRegistry
from caseworker.docs_gen.layout import Line, single_line
from caseworker.docs_gen.style import DocStyle

BLACK = "#000000"


def draw_line(c: Canvas, line: Line, baseline: float) -> None:
    """Draw a line's font runs from its x on `baseline` with its spacing, scale and colour."""
    if not line.runs:
        return
    coloured = line.color != BLACK or line.embolden
    if coloured:
        c.saveState()
        c.setFillColor(HexColor(line.color))
        c.setStrokeColor(HexColor(line.color))
    t = c.beginText(line.x, baseline)
    t.setCharSpace(line.char_space)
    if line.hscale != 1.0:
        t.setHorizScale(line.hscale * 100)
    if line.embolden:
        c.setLineWidth(line.embolden)
        t.setTextRenderMode(2)  # fill and stroke: a heavier face from a regular one
    for name, text in line.runs:
        t.setFont(name, line.size)
        t.textOut(text)
    c.drawText(t)
    if coloured:
        c.restoreState()


def hrule(c: Canvas, x0: float, x1: float, y_top: float, thickness: float, color: str) -> None:
    """A horizontal rule whose upper edge is at y_top, drawn as a filled rectangle."""
    c.saveState()
    c.setFillColor(HexColor(color))
    c.rect(x0, y_top - thickness, x1 - x0, thickness, stroke=0, fill=1)
    c.restoreState()


def page_number(c: Canvas, fonts: FontRegistry, st: DocStyle, n: int) -> None:
    """— n — in 4号宋体: odd pages 右空一字, even pages 左空一字 (GB/T 9704 §7.5)."""
    pn = st.page_numbers
    spec = st.text["page_number"]
    text = pn["format"].format(n=n)
    line = single_line(fonts, text, spec.role, spec.size, 0.0)
    # 一字线上距版心下边缘7mm: the dash sits about a third of the size above the baseline
    base = st.body_bottom - pn["below"] - 0.33 * spec.size
    gap = pn["side_chars"] * spec.size
    x = st.right - gap - line.width if n % 2 else st.left + gap
    draw_line(c, single_line(fonts, text, spec.role, spec.size, x), base)
