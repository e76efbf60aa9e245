"""Rendering a filled letter to PDF in its GB/T 9704 style: one engine for every letter."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from caseworker.docs_gen.draw import BLACK, draw_line, hrule, page_number
from caseworker.docs_gen.flow import Flow, Slot, paginate
from caseworker.docs_gen.fonts import FontRegistry, font_registry
from caseworker.docs_gen.header import compose_head
from caseworker.docs_gen.layout import Measure, break_lines, single_line
from caseworker.docs_gen.letters import FilledLetter
from caseworker.docs_gen.style import DocStyle, load_style
from caseworker.i18n import _, format_date


@dataclass(frozen=True)
class DocNumber:
    """发文字号: 机关代字〔年份〕序号号 — 六角括号, full year, no zero padding (§7.2.5)."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class IssueInfo:
    """Who issues the letter and when: what `render` prints besides the letter's own text."""

    doc_number: str
    issue_date: date
    issuer: str
    letterhead: str = ""  # 发文机关标志; default: issuer + the style's suffix (e.g. 文件)
    printer: str = ""  # 印发机关; default: the issuer
    print_date: date | None = None  # 印发日期; default: the issue date
    cc: tuple[str, ...] | None = None  # 抄送; default: the letter's own
    signer: str = ""  # 签发人 (上行文)


def _imprint(
    c: Canvas, fonts: FontRegistry, st: DocStyle, info: IssueInfo, cc: Sequence[str], start: int
) -> None:
    """版记 at the page's bottom lines from `start`: 抄送 and 印发机关/日期 between rules."""
    im = st.imprint
    spec = st.text["imprint"]
    side = im["side_chars"] * spec.size
    m = Measure(st.left + side, st.body_width - 2 * side, 0.0, 0.0, 3 * spec.size)
    line_no = start
    top = st.body_top - start * st.line_height
    rules: list[tuple[float, float]] = [(top, im["thick"])] if im["rules"] else []
    if cc:
        text = "抄送：" + "，".join(cc) + "。"
        for ln in break_lines(fonts, [(spec.role, text)], spec.size, m):
            draw_line(c, ln, st.baseline(line_no, spec.size))
            line_no += 1
    if im["printer"]:
        if cc and im["rules"]:
            rules.append((st.body_top - line_no * st.line_height, im["thin"]))
        base = st.baseline(line_no, spec.size)
        printer = single_line(
            fonts, info.printer or info.issuer, spec.role, spec.size, st.left + side
        )
        draw_line(c, printer, base)
        when = format_date(info.print_date or info.issue_date) + "印发"
        w = single_line(fonts, when, spec.role, spec.size, 0.0)
        draw_line(
            c, single_line(fonts, when, spec.role, spec.size, st.right - side - w.width), base
        )
        line_no += 1
    if im["rules"]:
        rules.append((st.body_top - line_no * st.line_height + im["thick"], im["thick"]))
    for y, thick in rules:
        hrule(c, st.left, st.right, y, thick, BLACK)


def imprint_lines(fonts: FontRegistry, st: DocStyle, cc: Sequence[str]) -> int:
    if not st.imprint["show"] or (not cc and not st.imprint["printer"]):
        return 0
    spec = st.text["imprint"]
    side = st.imprint["side_chars"] * spec.size
    m = Measure(st.left + side, st.body_width - 2 * side, 0.0, 0.0, 3 * spec.size)
    n = (
        len(break_lines(fonts, [(spec.role, "抄送：" + "，".join(cc) + "。")], spec.size, m))
        if cc
        else 0
    )
    return n + (1 if st.imprint["printer"] else 0)


def _draw_letter(
    c: Canvas, fonts: FontRegistry, filled: FilledLetter, info: IssueInfo, st: DocStyle
) -> None:
    mark = info.letterhead or info.issuer + st.letterhead.get("suffix", "")
    if st.letterhead["number_align"] == "left_signer" and not info.signer:
        raise ValueError(_("A report to a higher authority needs the name of its signer"))
    head = compose_head(fonts, st, mark, info.doc_number, info.signer)
    flow = Flow(fonts, st)
    flow.title(filled.title)
    flow.blank(st.recipient_gap)
    body = st.text["body"].role
    if filled.recipient:
        flow.paragraph([(body, filled.recipient + "：")], first_chars=0)
    for b in filled.blocks:
        flow.block(b)
    att = st.attachments
    after = bool(att["after_signature"])
    if filled.attachments and not after:
        flow.blank(int(att["gap_lines"]))
        flow.labelled(att["label"], filled.attachments, int(att["indent_chars"]))
    if filled.signature and st.signature["show"]:
        flow.signature(filled.signature_label + info.issuer, info.issue_date)
    if filled.attachments and after:
        n = len(flow.groups)
        flow.blank(int(att["gap_lines"]))
        flow.labelled(att["label"], filled.attachments, int(att["indent_chars"]))
        flow.join_last(len(flow.groups) - n + (1 if filled.signature else 0))
    pages = paginate(flow.groups, head.title_line, st.lines)
    cc = list(info.cc if info.cc is not None else filled.cc)
    need = imprint_lines(fonts, st, cc)
    if need and len(pages[-1]) + need > st.lines:
        pages.append([])
    for n, slots in enumerate(pages, start=1):
        if n > 1:
            c.showPage()
        if n == 1:
            for line, base in head.lines:
                draw_line(c, line, base)
            for x0, x1, y, thick, color in head.rules:
                hrule(c, x0, x1, y, thick, color)
        _draw_slots(c, st, slots)
        if need and n == len(pages):
            _imprint(c, fonts, st, info, cc, st.lines - need)
        if st.page_numbers["show"] and (n > 1 or st.page_numbers["first_page"]):
            page_number(c, fonts, st, n)
    c.showPage()


def _draw_slots(c: Canvas, st: DocStyle, slots: Sequence[Slot]) -> None:
    for i, slot in enumerate(slots):
        for line in slot or ():
            draw_line(c, line, st.baseline(i, line.size))


def _canvas(buf: io.BytesIO, fonts: FontRegistry, st: DocStyle, title: str, author: str) -> Canvas:
    # initialFontName: otherwise every PDF lists an unembedded Helvetica
    c = Canvas(
        buf, pagesize=(st.page_width, st.page_height), initialFontName=fonts.primary("fangsong")
    )
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("caseworker")
    return c


def render(
    filled: FilledLetter,
    *,
    doc_number: DocNumber | str | None,
    issue_date: date,
    issuer: str,
    letterhead: str = "",
    printer: str = "",
    print_date: date | None = None,
    cc: Sequence[str] | None = None,
    signer: str = "",
    style: str | None = None,
    fonts: FontRegistry | None = None,
) -> bytes:
    """The letter as a PDF (bytes). `style` overrides the letter's own layout style."""
    info = IssueInfo(
        str(doc_number or ""),
        issue_date,
        issuer,
        letterhead,
        printer,
        print_date,
        tuple(cc) if cc is not None else None,
        signer,
    )
    return render_many([(filled, info)], style=style, fonts=fonts)


def render_many(
    letters: Sequence[tuple[FilledLetter, IssueInfo]],
    *,
    style: str | None = None,
    fonts: FontRegistry | None = None,
) -> bytes:
    """Several letters in one PDF (each starts on a new page, numbered from 1): one print job."""
    fonts = fonts or font_registry()
    buf = io.BytesIO()
    first, info0 = letters[0]
    c = _canvas(buf, fonts, load_style(style or first.style), first.title, info0.issuer)
    for filled, info in letters:
        _draw_letter(c, fonts, filled, info, load_style(style or filled.style))
    c.save()
    return buf.getvalue()
