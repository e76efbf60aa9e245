import shutil
from datetime import date
from pathlib import Path

import pytest

from caseworker.policy.resources import resources_dir
from caseworker.policy.rulesets import (
    RuleBook,
    RuleSetError,
    UnknownRuleSet,
    load_rulebook,
)

EXPECTED = {
    # id: (valid_from, valid_to, draft)
    "GF2016-36": (date(2016, 6, 13), None, False),
    "SH2022-4": (date(2022, 5, 20), date(2027, 5, 19), False),
    "SH2020-29": (date(2021, 1, 1), date(2025, 12, 31), False),
    "SH2025-MIG": (date(2025, 1, 14), None, False),
    "DRAFT-2025": (None, None, True),
}


def test_the_five_rule_sets_and_their_windows(book: RuleBook) -> None:
    assert set(book.rule_sets) == set(EXPECTED)
    for rid, (start, end, draft) in EXPECTED.items():
        rs = book.rule_sets[rid]
        assert (rs.valid_from, rs.valid_to, rs.draft) == (start, end, draft), rid
        assert rs.title and rs.document_number and rs.jurisdiction and rs.issuer


@pytest.mark.parametrize(
    ("rid", "on", "status"),
    [
        ("SH2020-29", date(2020, 12, 31), "not_yet_in_force"),
        ("SH2020-29", date(2021, 1, 1), "in_force"),
        ("SH2020-29", date(2025, 12, 31), "in_force"),  # last day
        ("SH2020-29", date(2026, 1, 1), "expired"),
        ("SH2022-4", date(2022, 5, 19), "not_yet_in_force"),
        ("SH2022-4", date(2022, 5, 20), "in_force"),
        ("SH2022-4", date(2027, 5, 19), "in_force"),
        ("SH2022-4", date(2027, 5, 20), "expired"),
        ("SH2025-MIG", date(2025, 1, 13), "not_yet_in_force"),
        ("SH2025-MIG", date(2025, 1, 14), "in_force"),
        ("SH2025-MIG", date(2040, 1, 1), "in_force"),
        ("GF2016-36", date(2026, 3, 1), "in_force"),
        ("DRAFT-2025", date(2026, 3, 1), "draft"),
    ],
)
def test_status_on_a_date(book: RuleBook, rid: str, on: date, status: str) -> None:
    assert book.rule_sets[rid].status_on(on) == status


def test_draft_is_not_in_the_default_selection(book: RuleBook) -> None:
    assert "DRAFT-2025" not in book.resolve(None)
    assert set(book.resolve(None)) == set(EXPECTED) - {"DRAFT-2025"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (["SH2022-4"], ("SH2022-4",)),
        (["SH2022-4", "DRAFT-2025"], ("SH2022-4", "DRAFT-2025")),
        (["+DRAFT-2025"], (*sorted(set(EXPECTED) - {"DRAFT-2025"}), "DRAFT-2025")),
        ([" SH2022-4 ", "", "SH2022-4"], ("SH2022-4",)),
        (["GF2016-36", "+SH2022-4"], ("GF2016-36", "SH2022-4")),
    ],
)
def test_resolve(book: RuleBook, spec: list[str], expected: tuple[str, ...]) -> None:
    assert book.resolve(spec) == expected


def test_resolve_unknown(book: RuleBook) -> None:
    with pytest.raises(UnknownRuleSet, match='未知的规则集 "SH1999-1"'):
        book.resolve(["SH1999-1"])


def test_only_the_draft_comes_from_elsewhere(book: RuleBook) -> None:
    assert [r.id for r in book.rule_sets.values() if not r.applies_here] == ["DRAFT-2025"]


def test_every_rule_has_clause_and_quote(book: RuleBook) -> None:
    for rs in book.rule_sets.values():
        assert rs.rules, rs.id
        for rule in rs.rules:
            assert rule.clause.startswith(("§", "附件")), rule.ref
            assert len(rule.quote) >= 4, rule.ref


def test_labels_are_chinese(book: RuleBook) -> None:
    for section in ("categories", "eligibility", "clocks", "conditions"):
        for code in book.codes(section):
            label = book.label(section, code)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in label), (section, code)
    assert book.codes("categories") == (
        "poverty",
        "disability",
        "guardianship_deficient",
        "orphan",
        "de_facto_unsupported",
        "left_behind",
        "migrant",
        "migrant_focus",
    )


def _copy_resources(tmp_path: Path) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "rules", root / "rules")
    return root


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ('kind = "category"\ncode = "nope"\ntest = "orphan"', "not listed in codes.toml"),
        ('kind = "category"\ncode = "orphan"\ntest = "no_such_test"', "unknown test"),
        ('kind = "weird"\ncode = "orphan"\ntest = "orphan"', "unknown kind"),
    ],
)
def test_malformed_rule_files_are_rejected(tmp_path: Path, snippet: str, message: str) -> None:
    root = _copy_resources(tmp_path)
    (root / "rules" / "sets" / "BAD.toml").write_text(
        'id = "BAD"\ntitle = "t"\ndocument_number = "n"\nissuer = "i"\njurisdiction = "CN"\n'
        f'valid_from = 2020-01-01\n[[rules]]\nid = "r"\nclause = "§一"\nquote = "q"\n{snippet}\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match=message):
        load_rulebook(root)


def test_enacted_rule_set_needs_a_start_date(tmp_path: Path) -> None:
    root = _copy_resources(tmp_path)
    (root / "rules" / "sets" / "BAD.toml").write_text(
        'id = "BAD"\ntitle = "t"\ndocument_number = "n"\nissuer = "i"\njurisdiction = "CN"\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="valid_from"):
        load_rulebook(root)
