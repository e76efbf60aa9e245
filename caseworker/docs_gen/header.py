"""The first page's head: 发文机关标志, 发文字号 (and 签发人), red rules (GB/T 9704 §7.2, §10.1).

Returns what to draw at fixed positions and the grid line where the title starts, so that
everything from the title on sits on the 22-line grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from caseworker.docs_gen.fonts import FontRegistry
from caseworker.docs_gen.layout import Line, measure_text, single_line
from caseworker.docs_gen.style import DocStyle

Rule = tuple[float, float, float, float, str]  # x0, x1, y of upper edge, thickness, colour


@dataclass
class Head:
    lines: list[tuple[Line, float]] = field(default_factory=list)  # (line, baseline)
    rules: list[Rule] = field(default_factory=list)
    title_line: int = 0  # grid line of the title's first line


def _mark(fonts: FontRegistry, st: DocStyle, text: str, top: float) -> tuple[Line, float, float]:
    """The issuer mark, narrowed and then shrunk to fit the type area; returns its bottom."""
    lh = st.letterhead
    size, role = float(lh["size"]), lh["role"]
    natural = measure_text(fonts, text, role, size, 0.0)
    hscale = 1.0
    if natural > st.body_width:
        hscale = max(lh["min_hscale"], st.body_width / natural)
        size *= min(1.0, st.body_width / (natural * hscale))
    line = single_line(fonts, text, role, size, 0.0, 0.0, hscale)
    x = st.left + (st.body_width - line.width) / 2
    line = Line(x, line.runs, size, 0.0, line.width, hscale, float(lh["embolden"]), lh["color"])
    baseline = top - (1 - st.em_descent) * size
    return line, baseline, baseline - st.em_descent * size


def _number_lines(
    fonts: FontRegistry, st: DocStyle, number: str, signer: str, baseline: float
) -> list[tuple[Line, float]]:
    spec = st.text["doc_number"]
    align = st.letterhead["number_align"]
    cs = st.pitch - spec.size
    if not number:
        return []
    line = single_line(fonts, number, spec.role, spec.size, 0.0, cs)
    if align == "center":
        x = st.left + (st.body_width - line.width) / 2
    elif align == "right":
        x = st.right - line.width
    else:  # left_signer: 发文字号居左空一字, 签发人居右空一字
        x = st.left + st.pitch
    out = [(Line(x, line.runs, line.size, cs, line.width), baseline)]
    if align == "left_signer" and signer:
        lab, nam = st.text["signer"], st.text["signer_name"]
        name = single_line(fonts, signer, nam.role, nam.size, 0.0, cs)
        name_x = st.right - st.pitch - name.width
        label = single_line(fonts, "签发人：", lab.role, lab.size, 0.0, cs)
        label_x = name_x - label.width - cs
        out.append((Line(label_x, label.runs, lab.size, cs, label.width), baseline))
        out.append((Line(name_x, name.runs, nam.size, cs, name.width), baseline))
    return out


def _snap(st: DocStyle, y: float) -> int:
    """The first grid line whose top is at or below y."""
    return max(0, math.ceil((st.body_top - y) / st.line_height - 1e-6))


def compose_head(
    fonts: FontRegistry, st: DocStyle, mark: str, number: str, signer: str = ""
) -> Head:
    lh = st.letterhead
    head = Head()
    size = st.text["doc_number"].size
    gap_lines = int(lh["title_gap_lines"])
    if lh["kind"] == "none":
        head.title_line = 0
        return head
    color = lh["color"]
    top = (st.body_top if lh["from"] == "body" else st.page_height) - lh["top"]
    line, _base, bottom = _mark(fonts, st, mark, top)
    head.lines.append((line, _base))
    if lh["kind"] == "file":
        # 发文字号 下空二行; the red rule 4 mm under the number; the title 二行 below the rule
        num_cell_top = bottom - int(lh["number_gap_lines"]) * st.line_height
        base = num_cell_top - (st.line_height - size) / 2 - (1 - st.em_descent) * size
        head.lines += _number_lines(fonts, st, number, signer, base)
        rule_y = base - st.em_descent * size - lh["rule_gap"]
        head.rules.append((st.left, st.right, rule_y, lh["rule"], color))
        head.title_line = _snap(st, rule_y - lh["rule"] - gap_lines * st.line_height)
        return head
    # 信函: double rules (上粗下细 under the mark, 上细下粗 20 mm above the page's bottom)
    dr = lh["double_rule"]
    x0 = (st.page_width - dr["length"]) / 2
    x1 = x0 + dr["length"]
    y = bottom - lh["rule_gap"]
    head.rules.append((x0, x1, y, dr["thick"], color))
    y_low = y - dr["thick"] - dr["gap"]
    head.rules.append((x0, x1, y_low, dr["thin"], color))
    rule_bottom = y_low - dr["thin"]
    low = lh["bottom_rule"] + dr["thick"] + dr["gap"] + dr["thin"]
    head.rules.append((x0, x1, low, dr["thin"], color))
    head.rules.append((x0, x1, low - dr["thin"] - dr["gap"], dr["thick"], color))
    last = rule_bottom
    if number:
        base = rule_bottom - float(lh["number_gap"]) * size - (1 - st.em_descent) * size
        head.lines += _number_lines(fonts, st, number, signer, base)
        last = base - st.em_descent * size
    head.title_line = _snap(st, last - gap_lines * st.line_height)
    return head
