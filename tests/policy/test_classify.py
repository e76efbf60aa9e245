"""Table-driven classification tests: each category, its clause and its boundaries."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from caseworker.policy.classify import classify
from caseworker.policy.resources import resources_dir
from caseworker.policy.rulesets import RuleBook, load_rulebook

ON = date(2025, 6, 1)
EIGHT = {"conditions": ["imprisoned"]}
DEAD: dict[str, Any] = {"dead": True}
FINE: dict[str, Any] = {}
RURAL = {"hukou": "shanghai", "lives_in": "shanghai_suburban_rural"}
FARMER_AWAY = {"hukou_agricultural": True, "working_away_months": 8}
NON_LOCAL = {"hukou": "other", "lives_in": "shanghai_urban", "months_living_in_shanghai": 6}

# (name, child, father, mother, as_of, rule_sets, {code: (rule_set, clause, status)})
CASES: list[tuple[str, dict[str, Any], Any, Any, date, Any, dict[str, tuple[str, str, str]]]] = [
    ("nothing", {}, FINE, FINE, ON, None, {}),
    (
        "poverty_dibao",
        {"family_economic": {"dibao": True}},
        FINE,
        FINE,
        ON,
        None,
        {"poverty": ("SH2022-4", "§一(一)", "in_force")},
    ),
    (
        "poverty_edge_rigid_low_income",
        {"family_economic": {"dibao_edge": True, "rigid_expense": True, "low_income": True}},
        FINE,
        FINE,
        ON,
        None,
        {"poverty": ("SH2022-4", "§一(一)", "in_force")},
    ),
    (
        "sudden_hardship_is_not_poverty",
        {"family_economic": {"sudden_hardship": True}},
        FINE,
        FINE,
        ON,
        None,
        {},
    ),
    (
        "disability",
        {"disability": {"kind": "autism", "grade": None}},
        FINE,
        FINE,
        ON,
        None,
        {"disability": ("SH2022-4", "§一(二)", "in_force")},
    ),
    (
        "both_parents_in_eight_conditions",
        {},
        EIGHT,
        {"conditions": ["deported"]},
        ON,
        None,
        {
            "guardianship_deficient": ("SH2022-4", "§一", "in_force"),
            "de_facto_unsupported": ("SH2022-4", "§一", "in_force"),
        },
    ),
    (
        "one_dead_other_in_eight",
        {},
        DEAD,
        {"conditions": ["compulsory_rehab"]},
        ON,
        None,
        {
            "guardianship_deficient": ("SH2022-4", "§一", "in_force"),
            "de_facto_unsupported": ("SH2022-4", "§一", "in_force"),
        },
    ),
    (
        "one_missing_other_lost_contact",
        {},
        {"conditions": ["lost_contact"]},
        {"missing": True},
        ON,
        None,
        {
            "guardianship_deficient": ("SH2022-4", "§一", "in_force"),
            "de_facto_unsupported": ("SH2022-4", "§一", "in_force"),
        },
    ),
    ("one_parent_in_eight_other_fine", {}, EIGHT, FINE, ON, None, {}),
    ("one_dead_other_fine", {}, DEAD, FINE, ON, None, {}),
    (
        "harmed_by_guardian",
        {"harm": ["abuse"]},
        FINE,
        FINE,
        ON,
        None,
        {"guardianship_deficient": ("SH2022-4", "§一", "in_force")},
    ),
    (
        "orphan_both_dead",
        {},
        DEAD,
        DEAD,
        ON,
        None,
        {"orphan": ("GF2016-36", "§二(四)", "in_force")},
    ),
    (
        "orphan_dead_and_missing",
        {},
        DEAD,
        {"missing": True},
        ON,
        None,
        {"orphan": ("GF2016-36", "§二(四)", "in_force")},
    ),
    ("only_one_parent_known_dead", {}, DEAD, None, ON, None, {}),
    (
        "left_behind_both_away",
        RURAL,
        FARMER_AWAY,
        FARMER_AWAY,
        ON,
        None,
        {"left_behind": ("SH2020-29", "§一", "in_force")},
    ),
    (
        "left_behind_one_away_other_incapable",
        RURAL,
        FARMER_AWAY,
        {"hukou_agricultural": True, "has_guardianship_capacity": False},
        ON,
        None,
        {"left_behind": ("SH2020-29", "§一", "in_force")},
    ),
    (
        "left_behind_mother_non_local_with_permit",
        RURAL,
        FARMER_AWAY,
        {"hukou": "other", "shanghai_residence_permit": True, "working_away_months": 2},
        ON,
        None,
        {"left_behind": ("SH2020-29", "§一", "in_force")},
    ),
    (
        "not_left_behind_mother_non_local_without_permit",
        RURAL,
        FARMER_AWAY,
        {"hukou": "other", "working_away_months": 2},
        ON,
        None,
        {},
    ),
    (
        "not_left_behind_urban",
        {"lives_in": "shanghai_urban"},
        FARMER_AWAY,
        FARMER_AWAY,
        ON,
        None,
        {},
    ),
    (
        "not_left_behind_one_away_other_capable",
        RURAL,
        FARMER_AWAY,
        {"hukou_agricultural": True},
        ON,
        None,
        {},
    ),
    (
        "migrant_non_local_6_months",
        NON_LOCAL,
        FINE,
        FINE,
        ON,
        None,
        {"migrant": ("SH2025-MIG", "§1", "in_force")},
    ),
    (
        "not_migrant_5_months",
        {**NON_LOCAL, "months_living_in_shanghai": 5},
        FINE,
        FINE,
        ON,
        None,
        {},
    ),
    ("not_migrant_living_elsewhere", {**NON_LOCAL, "lives_in": "other"}, FINE, FINE, ON, None, {}),
    (
        "not_migrant_without_parent",
        {**NON_LOCAL, "with_parent_or_guardian": False},
        FINE,
        FINE,
        ON,
        None,
        {},
    ),
    (
        "migrant_shanghai_hukou_asking_for_help_aged_17",
        {"birth_date": date(2008, 1, 1), "months_cross_district": 6, "asks_for_help": True},
        FINE,
        FINE,
        ON,
        None,
        {
            "migrant": ("SH2025-MIG", "§1", "in_force"),
            "migrant_focus": ("SH2025-MIG", "§3", "in_force"),
        },
    ),
    (
        "not_migrant_shanghai_hukou_not_asking",
        {"months_cross_district": 12},
        FINE,
        FINE,
        ON,
        None,
        {},
    ),
    (
        "migrant_focus_vagrant",
        {**NON_LOCAL, "vagrant": True},
        FINE,
        FINE,
        ON,
        None,
        {
            "migrant": ("SH2025-MIG", "§1", "in_force"),
            "migrant_focus": ("SH2025-MIG", "§3", "in_force"),
        },
    ),
    (
        "migrant_focus_lacking_guardianship",
        NON_LOCAL,
        EIGHT,
        {"has_guardianship_capacity": False},
        ON,
        None,
        {
            "migrant": ("SH2025-MIG", "§1", "in_force"),
            "migrant_focus": ("SH2025-MIG", "§3", "in_force"),
        },
    ),
    ("vagrant_but_not_migrant", {"vagrant": True}, FINE, FINE, ON, None, {}),
    (
        "migrant_before_the_plan",
        NON_LOCAL,
        FINE,
        FINE,
        date(2025, 1, 13),
        None,
        {},
    ),
    (
        "migrant_on_the_plan_s_first_day",
        NON_LOCAL,
        FINE,
        FINE,
        date(2025, 1, 14),
        None,
        {"migrant": ("SH2025-MIG", "§1", "in_force")},
    ),
    # The draft is used only on request.
    (
        "remarried_widow_without_draft",
        {},
        DEAD,
        {"remarried": True, "has_guardianship_capacity": False},
        ON,
        None,
        {},
    ),
    (
        "remarried_widow_with_draft",
        {},
        DEAD,
        {"remarried": True, "has_guardianship_capacity": False},
        ON,
        ["+DRAFT-2025"],
        {"de_facto_unsupported": ("DRAFT-2025", "§二(二)", "draft")},
    ),
    (
        "assisted_widower_with_draft_only",
        {},
        {"social_assistance": True, "has_guardianship_capacity": False},
        DEAD,
        ON,
        ["DRAFT-2025"],
        {"de_facto_unsupported": ("DRAFT-2025", "§二(二)", "draft")},
    ),
    (
        "draft_left_behind_needs_6_months_away",
        {"hukou": "other", "lives_in": "other"},
        {"working_away_months": 6},
        {"working_away_months": 7},
        ON,
        ["DRAFT-2025"],
        {"left_behind": ("DRAFT-2025", "§二(六)", "draft")},
    ),
    (
        "draft_left_behind_5_months_is_not_enough",
        {"hukou": "other", "lives_in": "other"},
        {"working_away_months": 5},
        {"working_away_months": 7},
        ON,
        ["DRAFT-2025"],
        {},
    ),
    (
        "restricted_to_sh2022_4_no_orphan",
        {},
        DEAD,
        DEAD,
        ON,
        ["SH2022-4"],
        {},
    ),
]


@pytest.mark.parametrize(
    ("child", "father", "mother", "on", "rule_sets", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_categories(
    make_facts: Any,
    book: RuleBook,
    child: dict[str, Any],
    father: Any,
    mother: Any,
    on: date,
    rule_sets: Any,
    expected: dict[str, tuple[str, str, str]],
) -> None:
    result = classify(make_facts(child, father, mother), on, rule_sets=rule_sets, rulebook=book)
    got = {c.code: (c.rule_set, c.clause, c.status) for c in result.categories}
    assert got == expected
    for category in result.categories:
        assert category.label == book.label("categories", category.code)
        assert category.document_number == book.rule_sets[category.rule_set].document_number
        assert category.reasons or category.code == "migrant_focus"


# --- age thresholds on the day before / of the birthday -----------------------------

BORN = date(2010, 3, 15)


@pytest.mark.parametrize(
    ("on", "present"),
    [(date(2028, 3, 14), True), (date(2028, 3, 15), False)],
    ids=["day_before_18", "18th_birthday"],
)
def test_18th_birthday_ends_the_difficulty_categories(
    make_facts: Any, on: date, present: bool
) -> None:
    facts = make_facts(
        {"birth_date": BORN, "family_economic": {"dibao": True}, "harm": ["abandonment"]},
        FINE,
        FINE,
    )
    result = classify(facts, on)
    assert result.age == (17 if present else 18)
    assert ("poverty" in result.codes) is present
    assert ("guardianship_deficient" in result.codes) is present
    assert any("已年满18周岁" in w for w in result.warnings) is not present


@pytest.mark.parametrize(
    ("on", "present"),
    [(date(2026, 3, 14), True), (date(2026, 3, 15), False)],
    ids=["day_before_16", "16th_birthday"],
)
def test_16th_birthday_ends_migrant_for_non_local_children(
    make_facts: Any, on: date, present: bool
) -> None:
    result = classify(make_facts({**NON_LOCAL, "birth_date": BORN}, FINE, FINE), on)
    assert ("migrant" in result.codes) is present


@pytest.mark.parametrize(
    ("on", "present"),
    [(date(2025, 3, 14), True), (date(2025, 3, 15), False)],
    ids=["day_before_16", "16th_birthday"],
)
def test_16th_birthday_ends_left_behind(make_facts: Any, on: date, present: bool) -> None:
    facts = make_facts({**RURAL, "birth_date": date(2009, 3, 15)}, FARMER_AWAY, FARMER_AWAY)
    assert ("left_behind" in classify(facts, on).codes) is present


# --- SH2020-29 expiry: 2025-12-31 in force, 2026-01-01 not ----------------------------


@pytest.mark.parametrize(
    ("on", "status", "warned"),
    [(date(2025, 12, 31), "in_force", False), (date(2026, 1, 1), "expired", True)],
)
def test_left_behind_after_sh2020_29_expired(
    make_facts: Any, on: date, status: str, warned: bool
) -> None:
    result = classify(make_facts(RURAL, FARMER_AWAY, FARMER_AWAY), on)
    category = result.category("left_behind")
    assert category is not None and category.status == status
    assert category.rule_set == "SH2020-29"
    warning = [w for w in result.warnings if "农村留守儿童" in w]
    assert bool(warning) is warned
    if warned:
        assert "沪府规〔2020〕29号" in warning[0] and "2025-12-31" in warning[0]
    uses = {u.id: u.status for u in result.rule_sets}
    assert uses["SH2020-29"] == status


def test_not_yet_in_force_is_not_applied_but_said(make_facts: Any) -> None:
    result = classify(make_facts(NON_LOCAL, FINE, FINE), date(2024, 12, 1))
    assert "migrant" not in result.codes
    assert any("流动儿童" in w and "2025-01-14" in w for w in result.warnings)


def test_draft_never_applies_by_default(make_facts: Any) -> None:
    facts = make_facts(
        {**RURAL, "family_economic": {"dibao": True}, "disability": {"kind": "visual"}},
        DEAD,
        {"conditions": ["severe_illness"], "remarried": True},
    )
    result = classify(facts, ON)
    assert all(u.id != "DRAFT-2025" for u in result.rule_sets)
    for c in result.categories:
        assert c.rule_set != "DRAFT-2025" and all(b.rule_set != "DRAFT-2025" for b in c.also)


def test_enacted_document_beats_the_draft(make_facts: Any) -> None:
    result = classify(make_facts({}, DEAD, DEAD), ON, rule_sets=["+DRAFT-2025"])
    orphan = result.category("orphan")
    assert orphan is not None and orphan.rule_set == "GF2016-36"
    assert [(b.rule_set, b.clause, b.status) for b in orphan.also] == [
        ("DRAFT-2025", "§二(一)", "draft")
    ]
    assert any("DRAFT-2025" in w and "CN-ZJ-HZ" in w for w in result.warnings)


def test_draft_result_carries_a_warning(make_facts: Any) -> None:
    facts = make_facts({}, DEAD, {"remarried": True, "has_guardianship_capacity": False})
    result = classify(facts, ON, rule_sets=["+DRAFT-2025"])
    assert any("事实无人抚养儿童" in w and "征求意见稿" in w for w in result.warnings)


def test_as_of_before_birth(make_facts: Any) -> None:
    with pytest.raises(ValueError, match="早于出生日期"):
        classify(make_facts({"birth_date": date(2026, 1, 1)}), date(2025, 1, 1))


def test_a_successor_document_is_a_file_not_code(make_facts: Any, tmp_path: Path) -> None:
    """A successor to SH2020-29 takes over left_behind from its start date."""
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "rules", root / "rules")
    source = (root / "rules" / "sets" / "SH2020-29.toml").read_text(encoding="utf-8")
    successor = (
        source.replace('id = "SH2020-29"', 'id = "SH2026-LB"', 1)
        .replace("沪府规〔2020〕29号", "沪府规〔2026〕1号")
        .replace("valid_from = 2021-01-01", "valid_from = 2026-02-01")
        .replace("valid_to = 2025-12-31", "valid_to = 2030-12-31")
    )
    (root / "rules" / "sets" / "SH2026-LB.toml").write_text(successor, encoding="utf-8")
    book = load_rulebook(root)
    facts = make_facts(RURAL, FARMER_AWAY, FARMER_AWAY)

    gap = classify(facts, date(2026, 1, 15), rulebook=book).category("left_behind")
    assert gap is not None and (gap.rule_set, gap.status) == ("SH2020-29", "expired")

    later = classify(facts, date(2026, 3, 1), rulebook=book)
    category = later.category("left_behind")
    assert category is not None
    assert (category.rule_set, category.document_number, category.status) == (
        "SH2026-LB",
        "沪府规〔2026〕1号",
        "in_force",
    )
    assert [b.rule_set for b in category.also] == ["SH2020-29"]
    assert not any("农村留守儿童" in w for w in later.warnings)
