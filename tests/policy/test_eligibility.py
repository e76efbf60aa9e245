"""Eligibility hints, each with its clause; the either-or choices are said."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from caseworker.policy.report import evaluate
from caseworker.policy.rulesets import RuleBook

ON = date(2025, 6, 1)
EIGHT = {"conditions": ["imprisoned"]}
DEAD: dict[str, Any] = {"dead": True}
FINE: dict[str, Any] = {}
NON_LOCAL = {"hukou": "other", "lives_in": "shanghai_urban", "months_living_in_shanghai": 9}

# (name, child, father, mother, as_of, rule_sets, {code: (rule_set, clause)} that must be
#  present, codes that must be absent)
CASES: list[
    tuple[str, dict[str, Any], Any, Any, date, Any, dict[str, tuple[str, str]], set[str]]
] = [
    (
        "deficient_shanghai_child",
        {},
        EIGHT,
        {"conditions": ["severe_illness"]},
        ON,
        None,
        {
            "basic_living_support": ("SH2022-4", "§二(一)"),
            "tekun_support": ("SH2022-4", "§二(一)"),
            "medical_orphan_standard": ("SH2022-4", "§二(二)"),
            "education_orphan_standard": ("SH2022-4", "§二(三)"),
            "education_dropout_control": ("SH2022-4", "§二(三)"),
        },
        {"medical_insurance", "basic_living_support_continued"},
    ),
    (
        "deficient_non_local_child_gets_no_shanghai_living_support",
        {"hukou": "other"},
        EIGHT,
        EIGHT,
        ON,
        None,
        {"education_dropout_control": ("SH2022-4", "§二(三)")},
        {"basic_living_support", "medical_orphan_standard", "education_orphan_standard"},
    ),
    (
        "continuation_past_18_in_university",
        {"birth_date": date(2006, 5, 1), "full_time_education": "university"},
        EIGHT,
        EIGHT,
        ON,
        None,
        {"basic_living_support_continued": ("SH2022-4", "§二(一)")},
        {"basic_living_support"},
    ),
    (
        "continuation_past_18_in_high_school_after_abuse",
        {"birth_date": date(2006, 5, 1), "full_time_education": "high_school", "harm": ["abuse"]},
        FINE,
        FINE,
        ON,
        None,
        {"basic_living_support_continued": ("SH2022-4", "§二(一)")},
        set(),
    ),
    (
        "no_continuation_when_not_studying",
        {"birth_date": date(2006, 5, 1)},
        EIGHT,
        EIGHT,
        ON,
        None,
        {},
        {"basic_living_support_continued", "basic_living_support"},
    ),
    (
        "no_continuation_before_18",
        {"birth_date": date(2008, 5, 1), "full_time_education": "high_school"},
        EIGHT,
        EIGHT,
        ON,
        None,
        {
            "basic_living_support": ("SH2022-4", "§二(一)"),
            "education_high_school_aid": ("SH2022-4", "§二(三)"),
        },
        {"basic_living_support_continued"},
    ),
    (
        "orphan",
        {},
        DEAD,
        DEAD,
        ON,
        None,
        {
            "orphan_support": ("GF2016-36", "§二(一)"),
            "tekun_support": ("SH2022-4", "§二(一)"),
            "medical_insurance": ("SH2022-4", "§二(二)"),
        },
        {"basic_living_support"},
    ),
    (
        "tekun_at_17_rests_on_shanghai_text_not_national",
        {"birth_date": date(2008, 1, 1), "family_economic": {"tekun": True}},
        FINE,
        FINE,
        ON,
        ["GF2016-36"],
        {},
        {"tekun_support"},
    ),
    (
        "tekun_at_15_national",
        {"birth_date": date(2010, 1, 1), "family_economic": {"tekun": True}},
        FINE,
        FINE,
        ON,
        ["GF2016-36"],
        {"tekun_support": ("GF2016-36", "§二(一)")},
        set(),
    ),
    (
        "dibao_family",
        {"family_economic": {"dibao": True}},
        FINE,
        FINE,
        ON,
        None,
        {
            "dibao": ("SH2022-4", "§二(一)"),
            "medical_aid": ("SH2022-4", "§二(二)"),
            "medical_insurance": ("SH2022-4", "§二(二)"),
        },
        {"temporary_assistance", "tekun_support"},
    ),
    (
        "no_dibao_hint_without_a_capable_supporter",
        {"family_economic": {"dibao": True}},
        EIGHT,
        DEAD,
        ON,
        None,
        {"tekun_support": ("SH2022-4", "§二(一)"), "medical_aid": ("SH2022-4", "§二(二)")},
        {"dibao"},
    ),
    (
        "sudden_hardship_any_child",
        {"family_economic": {"sudden_hardship": True}},
        FINE,
        FINE,
        ON,
        None,
        {"temporary_assistance": ("GF2016-36", "§二(一)")},
        {"dibao"},
    ),
    (
        "sudden_hardship_child_in_difficulty",
        {"family_economic": {"sudden_hardship": True, "low_income": True}},
        FINE,
        FINE,
        ON,
        None,
        {"temporary_assistance": ("SH2022-4", "§二(一)"), "medical_aid": ("SH2022-4", "§二(二)")},
        set(),
    ),
    (
        "disabled_child",
        {"disability": {"kind": "intellectual", "grade": 3}},
        FINE,
        FINE,
        ON,
        None,
        {"education_free_disabled": ("SH2022-4", "§二(三)")},
        {"nursing_subsidy_and_rehab", "disability_allowance_choice"},
    ),
    (
        "disabled_child_with_draft_either_or",
        {"disability": {"kind": "intellectual", "grade": 3}},
        FINE,
        FINE,
        ON,
        ["+DRAFT-2025"],
        {"disability_allowance_choice": ("DRAFT-2025", "§三(二)")},
        set(),
    ),
    (
        "severely_disabled_deficient_child",
        {"disability": {"kind": "physical", "grade": 1}},
        EIGHT,
        EIGHT,
        ON,
        None,
        {"nursing_subsidy_and_rehab": ("SH2022-4", "§二(二)")},
        set(),
    ),
    (
        "draft_medical_aid_70_for_dibao",
        {"family_economic": {"dibao": True}},
        FINE,
        FINE,
        ON,
        ["+DRAFT-2025"],
        {"medical_aid_70": ("DRAFT-2025", "§三(二)")},
        set(),
    ),
    (
        "migrant_non_local_sudden_hardship",
        {**NON_LOCAL, "family_economic": {"sudden_hardship": True}},
        FINE,
        FINE,
        ON,
        None,
        {
            "migrant_temporary_assistance": ("SH2025-MIG", "附件第29项"),
            "migrant_medical_insurance": ("SH2025-MIG", "§10"),
        },
        set(),
    ),
    (
        "migrant_non_local_disabled_dibao_tekun",
        {
            **NON_LOCAL,
            "disability": {"kind": "hearing"},
            "family_economic": {"dibao": True, "tekun": True},
        },
        FINE,
        FINE,
        ON,
        None,
        {
            "migrant_disability_subsidies": ("SH2025-MIG", "附件第24项"),
            "migrant_dibao_cross_province": ("SH2025-MIG", "附件第27项"),
            "migrant_tekun_cross_province": ("SH2025-MIG", "附件第28项"),
        },
        set(),
    ),
    (
        "migrant_de_facto_unsupported",
        NON_LOCAL,
        EIGHT,
        EIGHT,
        ON,
        None,
        {"migrant_basic_living_cross_province": ("SH2025-MIG", "附件第23项")},
        {"basic_living_support"},
    ),
    (
        "shanghai_hukou_migrant_follows_city_rules",
        {
            "months_cross_district": 7,
            "asks_for_help": True,
            "family_economic": {"sudden_hardship": True},
        },
        FINE,
        FINE,
        ON,
        None,
        {"temporary_assistance": ("GF2016-36", "§二(一)")},
        {"migrant_temporary_assistance", "migrant_medical_insurance"},
    ),
]


@pytest.mark.parametrize(
    ("child", "father", "mother", "on", "rule_sets", "present", "absent"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_eligibility(
    make_facts: Any,
    book: RuleBook,
    child: dict[str, Any],
    father: Any,
    mother: Any,
    on: date,
    rule_sets: Any,
    present: dict[str, tuple[str, str]],
    absent: set[str],
) -> None:
    report = evaluate(make_facts(child, father, mother), on, rule_sets=rule_sets, rulebook=book)
    hints = {h.code: (h.rule_set, h.clause) for h in report.eligibility.hints}
    for code, where in present.items():
        assert hints.get(code) == where, code
    assert not (absent & set(hints))
    for h in report.eligibility.hints:
        assert h.label == book.label("eligibility", h.code)
        if h.rule_set == "DRAFT-2025":
            assert h.status == "draft"
            assert any(h.label in w and "征求意见稿" in w for w in report.warnings)


def test_tekun_and_basic_living_support_are_mutually_exclusive(make_facts: Any) -> None:
    report = evaluate(make_facts({}, EIGHT, EIGHT), ON)
    living = report.eligibility.hint("basic_living_support")
    tekun = report.eligibility.hint("tekun_support")
    assert living is not None and tekun is not None
    assert living.exclusive_with == ("tekun_support",)
    assert tekun.exclusive_with == ("basic_living_support",)
    said = [w for w in report.warnings if "只能择一" in w]
    assert len(said) == 1 and "§二(一)" in said[0]


def test_continuation_note_says_what_to_check(make_facts: Any) -> None:
    facts = make_facts(
        {"birth_date": date(2006, 5, 1), "full_time_education": "university"}, EIGHT, EIGHT
    )
    hint = evaluate(facts, ON).eligibility.hint("basic_living_support_continued")
    assert hint is not None and any("学制规定年限" in n for n in hint.notes)
