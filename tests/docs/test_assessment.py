"""The capacity-assessment instrument (versioned data), its scoring, and the printed forms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caseworker.docs_gen import load_instrument, render_assessment, render_blank_form
from caseworker.docs_gen.resources import INSTRUMENTS_DIR
from caseworker.docs_gen.samples import sample_assessment
from tests.docs.conftest import MM

LEFT, RIGHT = 28 * MM, (28 + 156) * MM


def test_instrument_is_a_versioned_working_draft() -> None:
    path = INSTRUMENTS_DIR / "capacity-DB31T1305-2021-v1.toml"
    header = path.read_text(encoding="utf-8").split("\ncode =")[0]
    assert "WORKING DRAFT" in header and "NOT the standard's official annex" in header
    inst = load_instrument(path)
    assert inst.version == "1" and "DB31/T 1305-2021" in inst.standard
    assert [a.title for a in inst.areas] == ["儿童与家庭基本情况", "监护质量", "监护能力"]
    assert inst.max_total == 100
    assert [g.label for g in inst.grades] == ["监护正常", "监护不足", "监护失当", "监护缺失"]
    assert all(i.guidance and i.max_score > 0 for i in inst.indicators)


def test_scoring_totals_grades_and_vetoes() -> None:
    inst = load_instrument()
    full = {i.code: i.max_score for i in inst.indicators}
    assert (inst.score(full).total, inst.score(full).grade.label) == (100, "监护正常")
    zero = dict.fromkeys(full, 0)
    assert (inst.score(zero).total, inst.score(zero).grade.label) == (0, "监护缺失")
    unsafe = inst.score({**full, "Q4": 0})  # a child not safe at home is never 监护正常
    assert (unsafe.total, unsafe.grade.label) == (90, "监护失当")
    assert inst.score({**full, "C1": 0}).grade.label == "监护缺失"  # refuses guardianship
    father, mother = sample_assessment().results()
    assert (father.area_scores, father.total, father.grade.label) == (
        {"quality": 27.5, "capacity": 43.8},
        71.3,
        "监护不足",
    )
    assert (mother.total, mother.grade.label) == (47.5, "监护失当")


def test_bad_scores_are_refused() -> None:
    inst = load_instrument()
    full = {i.code: i.max_score for i in inst.indicators}
    with pytest.raises(ValueError, match="Q1"):
        inst.score({**full, "Q1": 5})
    with pytest.raises(ValueError, match="Q2"):
        inst.score({k: v for k, v in full.items() if k != "Q2"})
    with pytest.raises(ValueError, match="X9"):
        inst.score({**full, "X9": 1})


def _inside(pdf) -> None:  # type: ignore[no-untyped-def]
    """Table cells wrap CJK text: nothing runs past the type area (but a hanging 。，)."""
    for page in range(1, pdf.pages + 1):
        for w in pdf.words(page):
            hang = 12 if w.text[-1] in "。，；、" else 0.5
            assert w.x0 >= LEFT - 0.5 and w.x1 <= RIGHT + hang, (page, w.text)


def test_blank_form_for_field_work(make_pdf) -> None:  # type: ignore[no-untyped-def]
    inst = load_instrument()
    pdf = make_pdf(render_blank_form(inst))
    text = "".join(pdf.text(layout=False).split())  # reading order keeps a cell together
    for item in [
        inst.title,
        "评估结论",
        "处置建议",
        "评估人员（签名）",
        "监护人一",
        *[i.text for i in inst.indicators],
    ]:
        assert item in text
    assert "DB31/T1305-2021" in text and "工作草案" in text
    _inside(pdf)


def test_filled_form_and_report(make_pdf) -> None:  # type: ignore[no-untyped-def]
    form = sample_assessment()
    pdf = make_pdf(render_assessment(form))
    text = "".join(pdf.text(layout=False).split())
    for item in [
        "陈玥",
        "陈昇（父亲）",
        "吴喆（母亲）",
        "71.3",
        "47.5",
        "监护不足",
        "监护失当",
        "未成年人家庭监护能力评估报告",
        "本学期缺勤5天",
        "2026年11月18日",
        "赵旻",
    ]:
        assert item in text, item
    _inside(pdf)
    report_page = next(
        p for p in range(1, pdf.pages + 1) if "评估报告" in "".join(pdf.text(p).split())
    )
    assert report_page > 1  # the report starts on its own page
    only_form = make_pdf(render_assessment(replace(form, conclusion="结论。"), report=False))
    assert "评估报告" not in "".join(only_form.text().split())
