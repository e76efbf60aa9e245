"""GB/T 9704-2012 geometry, read back from the PDF: margins, 22 lines × 28 characters,
page numbers, 发文字号, signature and 版记 where the standard puts them."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker.docs_gen import fill, render
from caseworker.docs_gen.samples import sample_fields
from caseworker.docs_gen.style import load_style
from tests.docs.conftest import MM, Pdf

PAGE_H = 297 * MM
LEFT, RIGHT = 28 * MM, (28 + 156) * MM
TOP, BOTTOM = 37 * MM, (37 + 225) * MM
PITCH = 156 * MM / 28
LONG = "临时监护期间监护人按要求接受家庭教育指导并稳定了居住条件和收入来源" * 40  # no punctuation


def _long_letter(make_pdf, code: str = "return_notice", **kw: object) -> Pdf:  # type: ignore[no-untyped-def]
    filled = fill(code, sample_fields(code), {"progress": LONG} if code == "return_notice" else {})
    args: dict[str, object] = dict(
        doc_number="徐民未保〔2026〕12号",
        issue_date=date(2026, 11, 22),
        issuer="上海市徐汇区民政局",
        cc=["上海市徐汇区枫林路街道办事处", "上海市公安局徐汇分局枫林路派出所"],
    )
    args.update(kw)
    return make_pdf(render(filled, **args))  # type: ignore[arg-type]


def _body_lines(pdf: Pdf, page: int) -> list[list]:  # type: ignore[type-arg]
    """Lines inside the type area (the page number sits below it)."""
    return [ln for ln in pdf.lines(page) if ln[0].y1 <= BOTTOM + 0.5]


def test_a_full_page_has_22_lines_of_28_characters_in_the_type_area(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf)
    lines = _body_lines(pdf, 2)
    assert len(lines) == 22
    for ln in lines:
        assert len("".join(w.text for w in ln)) == 28
        assert ln[0].x0 == pytest.approx(LEFT, abs=0.5)  # 订口 28 mm
        assert ln[-1].x1 == pytest.approx(RIGHT, abs=0.5)  # 版心宽 156 mm
    assert lines[0][0].y0 >= TOP - 0.5 and lines[0][0].y0 < TOP + 10  # 天头 37 mm
    assert lines[-1][0].y1 <= BOTTOM + 0.5 and lines[-1][0].y1 > BOTTOM - 10
    steps = [b[0].y1 - a[0].y1 for a, b in zip(lines, lines[1:], strict=False)]
    assert all(s == pytest.approx(225 * MM / 22, abs=0.05) for s in steps)


def test_body_is_fangsong_3hao_on_the_grid(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf)
    first = _body_lines(pdf, 2)[0]
    assert first[0].y1 - first[0].y0 == pytest.approx(16, abs=0.01)  # 3号 = 16 pt
    width = first[-1].x1 - first[0].x0
    assert width / 28 == pytest.approx(PITCH, abs=0.05)


def test_page_numbers_odd_right_even_left_below_the_type_area(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf)
    assert pdf.pages >= 3
    for page in (1, 2, 3):
        words = [w for w in pdf.words(page) if w.y0 > BOTTOM]
        assert "".join(w.text for w in words) == f"—{page}—"
        # 一字线上距版心下边缘7mm: the dash is drawn at mid-height of the em box
        assert 3 * MM < words[0].y0 - BOTTOM < 7 * MM < words[0].y1 - BOTTOM
        if page % 2:
            assert words[-1].x1 == pytest.approx(RIGHT - 14, abs=0.5)  # 右空一字 (4号)
        else:
            assert words[0].x0 == pytest.approx(LEFT + 14, abs=0.5)


def test_red_header_number_title_and_recipient(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf)
    lines = pdf.lines(1)
    texts = ["".join(w.text for w in ln) for ln in lines]
    assert texts[0] == "上海市徐汇区民政局文件"
    assert texts[1] == "徐民未保〔2026〕12号"
    assert texts[2] == "送回监护人抚养通知书"
    assert texts[3] == "王建国："
    mark, number, title, recipient = (ln for ln in lines[:4])
    assert mark[0].y0 == pytest.approx(TOP + 35 * MM, abs=1.5)  # 标志上边缘至版心上边缘35mm
    for ln in (mark, number, title):  # centred on the type area
        assert (ln[0].x0 + ln[-1].x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    assert title[0].y1 - title[0].y0 == pytest.approx(22, abs=0.01)  # 2号
    assert recipient[0].x0 == pytest.approx(LEFT, abs=0.5)  # 居左顶格


def test_signature_date_right_four_characters_and_imprint_at_the_bottom(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf)
    last = pdf.pages
    texts = {"".join(w.text for w in ln): ln for ln in pdf.lines(last)}
    date_line = texts["2026年11月22日"]
    assert date_line[-1].x1 == pytest.approx(RIGHT - 4 * PITCH, abs=0.5)  # 右空四字
    name = texts["上海市徐汇区民政局"]
    assert (name[0].x0 + name[-1].x1) / 2 == pytest.approx(
        (date_line[0].x0 + date_line[-1].x1) / 2, abs=0.5
    )
    imprint = next(ln for t, ln in texts.items() if t.endswith("2026年11月22日印发"))
    assert imprint[-1].y1 == pytest.approx(
        BOTTOM - (225 * MM / 22 - 14) / 2, abs=1
    )  # last grid line
    assert imprint[0].x0 == pytest.approx(LEFT + 14, abs=0.5)  # 左空一字
    assert imprint[-1].x1 == pytest.approx(RIGHT - 14, abs=0.5)  # 右空一字
    assert any(t.startswith("抄送：上海市徐汇区枫林路街道办事处") for t in texts)


def test_letter_format_has_no_page_number_on_page_one(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf, style="信函")
    assert pdf.pages >= 2
    assert not [w for w in pdf.words(1) if w.y0 > BOTTOM + 5 and w.text == "—"]
    assert "—2—" in "".join(w.text for w in pdf.words(2) if w.y0 > BOTTOM)
    lines = pdf.lines(1)
    assert "".join(w.text for w in lines[0]) == "上海市徐汇区民政局"  # no 文件 in 信函
    assert lines[0][0].y0 == pytest.approx(30 * MM, abs=1.5)  # 30 mm from the page top
    number = lines[1]
    assert "".join(w.text for w in number) == "徐民未保〔2026〕12号"
    assert number[-1].x1 == pytest.approx(RIGHT, abs=0.5)  # flush right under the double rule
    texts = ["".join(w.text for w in ln) for ln in pdf.lines(pdf.pages)]
    assert not any(t.endswith("印发") for t in texts)  # 信函: no 印发机关 and date


def test_report_upward_puts_the_signer_beside_the_number(make_pdf) -> None:  # type: ignore[no-untyped-def]
    filled = fill("bed_occupancy_report", sample_fields("bed_occupancy_report"))
    pdf = make_pdf(
        render(
            filled,
            doc_number="徐未保〔2026〕3号",
            issue_date=date(2026, 11, 22),
            issuer="上海市徐汇区未成年人保护中心",
            signer="周敏",
        )
    )
    line = next(ln for ln in pdf.lines(1) if ln[0].text.startswith("徐未保"))
    assert line[0].x0 == pytest.approx(LEFT + PITCH, abs=0.5)  # 居左空一字
    assert "".join(w.text for w in line).endswith("签发人：周敏")
    assert line[-1].x1 == pytest.approx(RIGHT - PITCH, abs=0.5)  # 居右空一字
    mark = pdf.lines(1)[0]
    assert mark[0].y0 == pytest.approx(TOP + 80 * MM, abs=1.5)  # 上行文: 80 mm


def test_long_issuer_name_is_narrowed_to_the_type_area(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = _long_letter(make_pdf, letterhead="上海市徐汇区民政局上海市徐汇区未成年人保护中心文件")
    mark = pdf.lines(1)[0]
    assert mark[0].x0 >= LEFT - 0.5 and mark[-1].x1 <= RIGHT + 0.5


def test_closing_punctuation_never_starts_a_line(sample_pdfs) -> None:  # type: ignore[no-untyped-def]
    for pdf in sample_pdfs.values():
        for page in range(1, pdf.pages + 1):
            for ln in pdf.lines(page):
                assert ln[0].text[0] not in "，。、；：？！）》」”", ln[0].text


def test_styles_keep_the_standard_grid() -> None:
    for name in ("公文", "公文上行", "信函", "文书"):
        st = load_style(name)
        assert (st.lines, st.chars) == (22, 28)
        assert st.body_width / MM == pytest.approx(156) and st.body_height / MM == pytest.approx(
            225
        )
