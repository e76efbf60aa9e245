"""The capacity-assessment form (blank, for field work; or filled) and the assessment report.

Tables are platypus Tables of Paragraphs (CJK wrapping, per-character font fallback) on the
GB/T 9704 type area, page numbers as in letters.
"""

from __future__ import annotations

import io

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from caseworker.docs_gen.assessment import AssessmentForm, Instrument, Result
from caseworker.docs_gen.draw import page_number
from caseworker.docs_gen.fonts import FontRegistry, font_registry
from caseworker.docs_gen.markup import CN_NUM, Styles, TitleLine
from caseworker.docs_gen.markup import table as _table
from caseworker.docs_gen.style import DocStyle, load_style
from caseworker.i18n import format_date


def _head_table(s: Styles, f: AssessmentForm | None, inst: Instrument) -> Table:
    def v(text: str) -> object:
        return s.p(text) if f else ""

    boxes = [("■" if f and m in f.methods else "□") + m for m in inst.methods]
    methods = "\n".join("　".join(boxes[i : i + 2]) for i in range(0, len(boxes), 2))
    rows = [
        [
            s.p("案件编号", "head"),
            v(f.case_number if f else ""),
            s.p("评估日期", "head"),
            v(format_date(f.assessment_date) if f else ""),
        ],
        [
            s.p("儿童姓名", "head"),
            v(f.child_name if f else ""),
            s.p("公民身份号码", "head"),
            v(f.child_id_number if f else ""),
        ],
        [
            s.p("委托方", "head"),
            v(f.commissioned_by if f else ""),
            s.p("评估机构", "head"),
            v(f.assessor_org if f else ""),
        ],
        [
            s.p("评估人员", "head"),
            v("、".join(f.assessors) if f else ""),
            s.p("评估方式", "head"),
            s.p(methods),
        ],
    ]
    return _table(s, rows, [24, 50, 28, 54], heights=[10 * mm] * 4 if not f else None)


def _basic(s: Styles, f: AssessmentForm | None, inst: Instrument) -> list[Flowable]:
    out: list[Flowable] = []
    found = dict(f.basic_info) if f else {}
    for area in inst.areas:
        if area.scored:
            continue
        rows = [[s.p(item), s.p(found.get(item, ""))] for item in area.items]
        out.append(_table(s, rows, [52, 104], heights=None if f else [12 * mm] * len(rows)))
    return out


def _score_table(s: Styles, f: AssessmentForm | None, inst: Instrument, area_index: int) -> Table:
    area = inst.areas[area_index]
    guardians = list(f.guardians) if f else []
    cols = max(len(guardians), 2)
    names = [f"{g.name}（{g.relation}）" for g in guardians] + [
        f"监护人{CN_NUM[i]}" for i in range(len(guardians), cols)
    ]
    score_w = 36 / cols
    head = [s.p(t, "head") for t in ("编号", "评估指标", "评分说明", "满分", "权重")]
    rows: list[list[object]] = [head + [s.p(n, "head") for n in names]]
    spans: list[tuple[object, ...]] = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]
    for ind in area.indicators:
        scores = [str(g.scores.get(ind.code, "")) for g in guardians] + [""] * (
            cols - len(guardians)
        )
        rows.append(
            [
                s.p(ind.code, "center"),
                s.p(ind.text),
                s.p(ind.guidance, "small"),
                s.p(str(ind.max_score), "center"),
                s.p(f"{ind.weight:g}", "center"),
            ]
            + [s.p(x, "center") for x in scores]
        )
        notes = [f"{g.name}：{g.notes[ind.code]}" for g in guardians if ind.code in g.notes]
        if notes:
            rows.append(["", s.p("评估记录：" + "；".join(notes), "small")] + [""] * (3 + cols))
            spans.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
    return _table(s, rows, [12, 22, 62, 12, 12] + [score_w] * cols, spans, repeat=1)


def _results(s: Styles, f: AssessmentForm | None, inst: Instrument) -> Table:
    guardians = list(f.guardians) if f else []
    results: list[Result] = f.results() if f else []
    cols = max(len(guardians), 2)
    names = [f"{g.name}（{g.relation}）" for g in guardians] + [
        f"监护人{CN_NUM[i]}" for i in range(len(guardians), cols)
    ]
    rows: list[list[object]] = [
        [s.p("项目", "head"), s.p("满分", "head")] + [s.p(n, "head") for n in names]
    ]
    pad = [""] * (cols - len(results))
    for area in inst.areas:
        if area.scored:
            vals = [f"{r.area_scores[area.code]:g}" for r in results]
            rows.append(
                [s.p(area.title), s.p(f"{area.weight:g}", "center")]
                + [s.p(v, "center") for v in vals]
                + pad
            )
    rows.append(
        [s.p("综合得分", "head"), s.p(f"{inst.max_total:g}", "center")]
        + [s.p(f"{r.total:g}", "center") for r in results]
        + pad
    )
    rows.append(
        [s.p("评估等级", "head"), ""] + [s.p(r.grade.label, "center") for r in results] + pad
    )
    w = 96 / cols
    heights = None if f else [9 * mm] * len(rows)
    grey = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]
    return _table(s, rows, [40, 20] + [w] * cols, grey, heights, repeat=1)


def _grades_note(s: Styles, inst: Instrument) -> Flowable:
    parts = [
        f"{g.label}：综合得分{g.min_score:g}分及以上"
        if g.min_score
        else f"{g.label}：{g.description.rstrip('。')}"
        for g in inst.grades
    ]
    return s.p(
        "等级划分：" + "；".join(parts) + "。评分为0分的否决项将等级限定为相应等级。", "small"
    )


def _signatures(s: Styles, f: AssessmentForm | None) -> Table:
    sigs = list(f.signatures) if f and f.signatures else []
    roles = [x.role for x in sigs] or ["评估人员（签名）", "复核人（签名）", "评估机构（盖章）"]
    rows: list[list[object]] = []
    for i, role in enumerate(roles):
        sig = sigs[i] if i < len(sigs) else None
        name = sig.name if sig else ""
        day = format_date(sig.day) if sig and sig.day else "　　　　年　　月　　日"
        rows.append([s.p(role, "head"), s.p(name), s.p(day, "center")])
    return _table(s, rows, [46, 60, 50], heights=[12 * mm] * len(rows))


def _text_box(s: Styles, label: str, text: str, blank_height: float) -> Table:
    body = s.p(text) if text else ""
    return _table(
        s,
        [[s.p(label, "head")], [body]],
        [156],
        heights=[8 * mm, None if text else blank_height * mm],
    )


def _form(s: Styles, f: AssessmentForm | None, inst: Instrument) -> list[Flowable]:
    story: list[Flowable] = [
        TitleLine(s.fonts, inst.title),
        s.p(f"{inst.standard}　第{inst.version}版　{inst.status}", "note"),
        Spacer(1, 4 * mm),
    ]
    story.append(_head_table(s, f, inst))
    n = 0
    for i, area in enumerate(inst.areas):
        story += [CondPageBreak(40 * mm), s.p(f"{CN_NUM[n]}、{area.title}", "section")]
        n += 1
        story += _basic(s, f, inst) if not area.scored else [_score_table(s, f, inst, i)]
    story += [
        s.p(f"{CN_NUM[n]}、评估结果", "h1"),
        _results(s, f, inst),
        Spacer(1, 2 * mm),
        _grades_note(s, inst),
    ]
    story += [s.p(f"{CN_NUM[n + 1]}、评估结论及建议", "h1")]
    story.append(_text_box(s, "评估结论", f.conclusion if f else "", 40))
    story.append(_text_box(s, "处置建议", f.recommendation if f else "", 30))
    story += [Spacer(1, 4 * mm), _signatures(s, f)]
    return story


def _report(s: Styles, f: AssessmentForm) -> list[Flowable]:
    inst = f.instrument
    guardians = "、".join(f"{g.name}（儿童之{g.relation}）" for g in f.guardians)
    story: list[Flowable] = [TitleLine(s.fonts, inst.report_title), Spacer(1, 4 * mm)]
    story.append(s.p("一、评估基本情况", "h1"))
    story.append(
        s.p(
            f"受{f.commissioned_by}委托，{f.assessor_org}于{format_date(f.assessment_date)}，依据{inst.standard}"
            f"（评估工具第{inst.version}版），采用{'、'.join(f.methods) or '观察、访谈'}等方式，对儿童{f.child_name}"
            f"（案件编号{f.case_number}）的监护人{guardians}开展家庭监护能力评估。评估人员：{'、'.join(f.assessors)}。",
            "body",
        )
    )
    story += [s.p("二、评估结果", "h1"), _results(s, f, inst), Spacer(1, 2 * mm)]
    for g, r in zip(f.guardians, f.results(), strict=True):
        story.append(
            s.p(
                f"{g.name}综合得分{r.total:g}分，评估等级为“{r.grade.label}”：{r.grade.description}",
                "body",
            )
        )
    story += [s.p("三、评估结论", "h1"), s.p(f.conclusion, "body")]
    story += [s.p("四、处置建议", "h1"), s.p(f.recommendation, "body"), Spacer(1, 14 * mm)]
    sign = f"{f.assessor_org}\n{format_date(f.assessment_date)}"
    story.append(
        _table(
            s, [["", s.p(sign, "center")]], [86, 70], [("GRID", (0, 0), (-1, -1), 0, colors.white)]
        )
    )
    return story


def _build(story: list[Flowable], fonts: FontRegistry, title: str, author: str) -> bytes:
    st: DocStyle = load_style("gongwen")
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=(st.page_width, st.page_height),
        title=title,
        author=author,
        creator="caseworker",
        initialFontName=fonts.primary("fangsong"),
    )
    frame = Frame(st.left, st.body_bottom, st.body_width, st.body_height, 0, 0, 0, 0)

    def on_page(canv, _doc) -> None:  # type: ignore[no-untyped-def]
        page_number(canv, fonts, st, canv.getPageNumber())

    doc.addPageTemplates([PageTemplate("page", [frame], onPage=on_page)])
    doc.build(story)
    return buf.getvalue()


def render_blank_form(instrument: Instrument, *, fonts: FontRegistry | None = None) -> bytes:
    """The printable blank form for field work."""
    fonts = fonts or font_registry()
    return _build(_form(Styles(fonts), None, instrument), fonts, instrument.title, "")


def render_assessment(
    form: AssessmentForm, *, report: bool = True, fonts: FontRegistry | None = None
) -> bytes:
    """The filled form, followed (by default) by the assessment report on a new page."""
    fonts = fonts or font_registry()
    s = Styles(fonts)
    story = _form(s, form, form.instrument)
    if report:
        story += [PageBreak(), *_report(s, form)]
    return _build(story, fonts, form.instrument.title, form.assessor_org)
