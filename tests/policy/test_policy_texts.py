"""Every rule, transition and reason cites a clause that really says it.

Each quote must occur in the document's text (resources/policy_texts/<id>.txt), inside
the clause the rule names (found from the document's own headings).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caseworker.policy.policy_text import (
    clause_matches,
    index_text,
    load_policy_text,
    normalise,
    quote_context,
)
from caseworker.policy.resources import resources_dir
from caseworker.policy.rulesets import RuleBook, load_rulebook
from caseworker.policy.workflow_data import load_workflow

BOOK = load_rulebook()
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "policy"
# The shared folder's file names, by rule-set id (checked against their headers below).
SHARED_FILES = {
    "SH2022-4": "000_c6174cfba5a2008e.txt",
    "GF2016-36": "001_93b4866d80a6eb60.txt",
    "SH2020-29": "002_c85a302d9a86d8b4.txt",
    "DRAFT-2025": "003_b90177c4afecde09.txt",
    "SH2025-MIG": "004_a81a2b9b864c8730.txt",
}

RULES = [rule for rs in BOOK.rule_sets.values() for rule in rs.rules]
WORKFLOW = load_workflow()
WORKFLOW_ITEMS = [
    *WORKFLOW.transitions,
    *(r for name in WORKFLOW.reason_lists for r in WORKFLOW.reasons(name)),
]


def _check(rule_set: str, clause: str, quote: str) -> None:
    indexed = index_text(load_policy_text(BOOK.rule_sets[rule_set]))
    at = indexed.find(quote)
    assert at >= 0, f"quote not found in {rule_set}: {quote}"
    found = indexed.clause_at(at)
    assert clause_matches(found, clause), f"{rule_set}: quote stands under {found}, not {clause}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ref)
def test_rule_quote_occurs_under_its_clause(rule) -> None:  # type: ignore[no-untyped-def]
    _check(rule.rule_set, rule.clause, rule.quote)


@pytest.mark.parametrize("item", WORKFLOW_ITEMS, ids=lambda i: i.code)
def test_workflow_quote_occurs_under_its_clause(item) -> None:  # type: ignore[no-untyped-def]
    _check(item.rule_set, item.clause, item.quote)


def _dates(text: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, m)) for m in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)]


@pytest.mark.parametrize("rid", sorted(BOOK.rule_sets))
def test_validity_window_matches_the_document(book: RuleBook, rid: str) -> None:
    rs = book.rule_sets[rid]
    if rs.validity_quote is None:
        assert rid in ("GF2016-36", "DRAFT-2025")  # no date in the text
        return
    assert normalise(rs.validity_quote) in normalise(load_policy_text(rs))
    stated = _dates(normalise(rs.validity_quote))
    windows = [d for d in (rs.valid_from, rs.valid_to) if d is not None]
    assert stated == [(d.year, d.month, d.day) for d in windows]


def test_each_text_is_the_document_it_claims(book: RuleBook) -> None:
    heads = {
        "SH2022-4": "沪府规〔2022〕4号",
        "SH2020-29": "沪府规〔2020〕29号",
        "GF2016-36": "国务院关于加强困境儿童保障工作的意见",
        "DRAFT-2025": "征求意见稿",
        "SH2025-MIG": "上海市流动儿童享有关爱服务基础清单",
    }
    for rid, head in heads.items():
        text = normalise(load_policy_text(book.rule_sets[rid]))
        assert normalise(head) in text[:400] or normalise(head) in text, rid


def test_annex_has_42_items(book: RuleBook) -> None:
    marks = index_text(load_policy_text(book.rule_sets["SH2025-MIG"])).marks
    annex = [c for _, c in marks if c.startswith("附件")]
    assert annex == [f"附件第{n}项" for n in range(1, 43)]


def test_quote_context_shows_the_sentence(book: RuleBook) -> None:
    rs = book.rule_sets["SH2022-4"]
    rule = next(r for r in rs.rules if r.id == "basic_living_support")
    context = quote_context(rule, rs)
    assert context is not None and normalise(rule.quote) in context


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/policy is not beside the repository")
@pytest.mark.parametrize("rid", sorted(SHARED_FILES))
def test_copies_match_the_shared_originals(rid: str) -> None:
    original = (SHARED / SHARED_FILES[rid]).read_bytes()
    copy = (resources_dir() / "policy_texts" / f"{rid}.txt").read_bytes()
    assert copy == original
