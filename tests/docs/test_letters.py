"""The letter catalogue: data files that fill completely, name missing fields, print right."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from caseworker.docs_gen import (
    LetterError,
    MissingFieldsError,
    fill,
    letter_type,
    list_letters,
    render,
)
from caseworker.docs_gen.letters import BLOCK_KINDS, FIELD, STAGES, field_labels
from caseworker.docs_gen.resources import RESOURCES
from caseworker.docs_gen.samples import sample_fields
from caseworker.docs_gen.style import load_style

CATALOGUE = {
    "report_receipt",
    "temporary_guardianship_decision",
    "entrusted_care_agreement",
    "support_plan",
    "return_notice",
    "revocation_petition",
    "guardian_change_petition",
    "protection_order_petition",
    "child_support_complaint",
    "support_prosecution_letter",
    "cross_province_referral",
    "bed_occupancy_report",
}


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(str.maketrans({"。": "."}))
    return "".join(folded.split())


def test_the_catalogue_holds_every_letter_of_domain_section_7() -> None:
    assert {lt.code for lt in list_letters()} >= CATALOGUE


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_letter_file_is_well_formed(code: str) -> None:
    """A bad template (unknown field, stage, style or block kind) fails here, not for a user."""
    lt = letter_type(code)
    known = field_labels()
    unknown = [f for text in lt.templates() for f in FIELD.findall(text) if f not in known]
    assert unknown == []
    assert set(lt.stages) <= set(STAGES)
    assert load_style(lt.style).name == lt.style
    assert {b.kind for b in lt.blocks} <= set(BLOCK_KINDS)
    ids = [b.id for b in lt.blocks]
    assert len(ids) == len(set(ids))
    # a stray brace is a field typo: {child name}, {child.name, …
    for text in lt.templates():
        assert "{" not in FIELD.sub("", text) and "}" not in FIELD.sub("", text), text


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_letter_rests_on_a_clause_that_says_so(code: str) -> None:
    lt = letter_type(code)
    assert lt.basis, "every letter names the policy clause it rests on"
    for ref in lt.basis:
        text = (RESOURCES / "policy_texts" / f"{ref.rule_set}.txt").read_text(encoding="utf-8")
        assert re.fullmatch(r"§[一二三四五六七八九十]+\([一二三四五六七八九十]+\)", ref.clause)
        assert ref.quote and _norm(ref.quote) in _norm(text), (ref.rule_set, ref.quote)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_letter_fills_with_the_sample_fields(code: str) -> None:
    filled = fill(code, sample_fields(code))
    assert "{" not in filled.text and "}" not in filled.text
    assert filled.title and filled.blocks
    assert set(letter_type(code).fields) <= set(sample_fields(code))


def test_a_missing_field_is_named_in_chinese() -> None:
    fields = sample_fields("temporary_guardianship_decision")
    del fields["child.name"], fields["guardian.id_number"]
    with pytest.raises(MissingFieldsError) as err:
        fill("temporary_guardianship_decision", fields)
    message = str(err.value)
    assert (
        "儿童姓名（child.name）" in message
        and "监护人公民身份号码（guardian.id_number）" in message
    )
    assert err.value.missing == ["child.name", "guardian.id_number"]


def test_an_empty_value_counts_as_missing() -> None:
    fields = {**sample_fields("return_notice"), "return.date": ""}
    with pytest.raises(MissingFieldsError, match="送回日期"):
        fill("return_notice", fields)


def test_nested_fields_and_dates() -> None:
    flat = sample_fields("return_notice")
    nested: dict[str, dict[str, object]] = {}
    for key, value in flat.items():
        group, name = key.split(".")
        nested.setdefault(group, {})[name] = value
    nested["return"]["date"] = date(2026, 12, 1)
    filled = fill("return_notice", nested)
    assert "请你于2026年12月1日到" in filled.text
    assert filled.text == fill("return_notice", {**flat, "return.date": date(2026, 12, 1)}).text


def test_free_paragraphs_can_be_edited_and_others_cannot() -> None:
    fields = sample_fields("revocation_petition")
    edited = fill("revocation_petition", fields, {"facts": "被申请人多次殴打被监护人。"})
    assert "被申请人多次殴打被监护人。" in edited.text
    assert fields["petition.facts"] not in edited.text
    assert "facts" in letter_type("revocation_petition").free_blocks
    with pytest.raises(LetterError, match="b0"):
        fill("revocation_petition", fields, {"b0": "申请人：某某"})


def test_an_edited_paragraph_needs_none_of_its_fields() -> None:
    fields = sample_fields("revocation_petition")
    del fields["petition.facts"]
    with pytest.raises(MissingFieldsError, match="petition.facts"):
        fill("revocation_petition", fields)
    assert fill("revocation_petition", fields, {"facts": "事实。"}).blocks


def test_unknown_letter_is_a_letter_error() -> None:
    with pytest.raises(LetterError):
        fill("no_such_letter", {})


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_printed_letter_reads_back(code: str, sample_pdfs) -> None:  # type: ignore[no-untyped-def]
    pdf = sample_pdfs[code]
    text = "".join(pdf.text().split())
    fields = sample_fields(code)
    if "child.name" in letter_type(code).fields:
        assert fields["child.name"] in text
    if letter_type(code).signature:
        assert "2026年11月22日" in text  # 成文日期
    style = letter_type(code).style
    has_number = re.search(r"〔2026〕\d+号", text)
    assert bool(has_number) == (style != "文书"), "petitions to a court carry no 发文字号"
    assert fill(code, fields).title.replace(" ", "") in text


def test_same_inputs_give_identical_bytes() -> None:
    filled = fill("support_plan", sample_fields("support_plan"))
    kw = dict(
        doc_number="徐未保〔2026〕12号",
        issue_date=date(2026, 11, 22),
        issuer="上海市徐汇区未成年人保护中心",
    )
    assert render(filled, **kw) == render(filled, **kw)  # type: ignore[arg-type]


def test_a_report_upward_needs_its_signer() -> None:
    filled = fill("bed_occupancy_report", sample_fields("bed_occupancy_report"))
    with pytest.raises(ValueError):
        render(filled, doc_number="x", issue_date=date(2026, 11, 22), issuer="某机构")
