from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from caseworker.policy.workflow import (
    TransitionFacts,
    WorkflowError,
    check_transition,
    load_workflow,
)
from caseworker.policy.workflow_data import parse_workflow

MANAGER = frozenset({"manager"})
TG_START = date(2026, 1, 10)
RETURN_OK = TransitionFacts(
    capacity_assessed_on=date(2026, 2, 1),
    capacity_found=True,
    temporary_guardianship_since=TG_START,
    approvals=MANAGER,
)


def test_stages_and_labels() -> None:
    wf = load_workflow()
    assert [(s.code, s.label) for s in wf.stages] == [
        ("report", "发现报告"),
        ("emergency", "应急处置"),
        ("assessment", "评估"),
        ("support", "帮扶"),
        ("temporary_guardianship", "临时监护"),
        ("intervention", "监护干预/诉讼"),
        ("closed", "结案"),
    ]
    for t in wf.transitions:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in t.label)
    assert {t.code for t in wf.transitions_from("closed")} == {
        "reopen_assessment",
        "reopen_support",
    }
    closure = {r.code for r in wf.reasons("closure_reasons")}
    assert {
        "returned_to_guardian",
        "long_term_guardianship_cwi",
        "court_designated_guardian",
        "kinship_or_foster_care",
        "cross_province_transfer",
        "reached_adulthood",
    } <= closure


def test_every_stage_is_reachable_and_leaves() -> None:
    wf = load_workflow()
    targets = {t.to_stage for t in wf.transitions}
    assert {s.code for s in wf.stages} - {"report"} <= targets
    for s in wf.stages:
        assert wf.transitions_from(s.code), s.code


def _refused(result, rule: str):  # type: ignore[no-untyped-def]
    return next((r for r in result.refusals if r.rule == rule), None)


# (name, from, transition, facts, allowed, refusing rules)
CASES = [
    ("report_to_emergency", "report", "start_emergency", TransitionFacts(), True, set()),
    ("report_to_assessment", "report", "accept_for_assessment", TransitionFacts(), True, set()),
    ("wrong_stage", "support", "start_emergency", TransitionFacts(), False, {"wrong_stage"}),
    (
        "support_needs_assessment",
        "assessment",
        "start_support",
        TransitionFacts(),
        False,
        {"capacity_assessed"},
    ),
    (
        "support_after_assessment",
        "assessment",
        "start_support",
        TransitionFacts(capacity_assessed_on=date(2026, 1, 5), capacity_found=False),
        True,
        set(),
    ),
    (
        "temporary_guardianship_needs_approval",
        "assessment",
        "start_temporary_guardianship",
        TransitionFacts(),
        False,
        {"approval_required"},
    ),
    (
        "temporary_guardianship_approved",
        "emergency",
        "start_temporary_guardianship",
        TransitionFacts(approvals=MANAGER),
        True,
        set(),
    ),
    ("return_ok", "temporary_guardianship", "return_to_guardian", RETURN_OK, True, set()),
    (
        "return_assessment_same_day_as_tg",
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, capacity_assessed_on=TG_START),
        False,
        {"capacity_restored"},
    ),
    (
        "return_assessment_before_tg",
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, capacity_assessed_on=date(2025, 12, 1)),
        False,
        {"capacity_restored"},
    ),
    (
        "return_assessment_found_no_capacity",
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, capacity_found=False),
        False,
        {"capacity_restored"},
    ),
    (
        "return_without_tg_start",
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, temporary_guardianship_since=None),
        False,
        {"capacity_restored"},
    ),
    (
        "return_without_approval",
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, approvals=frozenset()),
        False,
        {"approval_required"},
    ),
    (
        "close_returned_to_guardian",
        "temporary_guardianship",
        "close",
        replace(RETURN_OK, reason="returned_to_guardian"),
        True,
        set(),
    ),
    (
        "close_returned_without_new_assessment",
        "temporary_guardianship",
        "close",
        replace(RETURN_OK, reason="returned_to_guardian", capacity_assessed_on=None),
        False,
        {"capacity_restored"},
    ),
    (
        "close_needs_a_reason",
        "support",
        "close",
        TransitionFacts(approvals=MANAGER),
        False,
        {"reason_required"},
    ),
    (
        "close_unknown_reason",
        "support",
        "close",
        TransitionFacts(reason="bored", approvals=MANAGER),
        False,
        {"unknown_reason"},
    ),
    (
        "close_adult",
        "support",
        "close",
        TransitionFacts(reason="reached_adulthood", child_age=18, approvals=MANAGER),
        True,
        set(),
    ),
    (
        "close_adult_at_17",
        "support",
        "close",
        TransitionFacts(reason="reached_adulthood", child_age=17, approvals=MANAGER),
        False,
        {"adult"},
    ),
    (
        "cross_province_for_shanghai_child",
        "support",
        "close",
        TransitionFacts(
            reason="cross_province_transfer", child_hukou="shanghai", approvals=MANAGER
        ),
        False,
        {"non_shanghai_hukou"},
    ),
    (
        "cross_province_for_non_local_child",
        "temporary_guardianship",
        "close",
        TransitionFacts(reason="cross_province_transfer", child_hukou="other", approvals=MANAGER),
        True,
        set(),
    ),
    (
        "long_term_cwi_needs_court",
        "intervention",
        "close",
        TransitionFacts(reason="long_term_guardianship_cwi", approvals=MANAGER),
        False,
        {"court_order"},
    ),
    (
        "long_term_cwi_with_court",
        "intervention",
        "close",
        TransitionFacts(reason="long_term_guardianship_cwi", court_order=True, approvals=MANAGER),
        True,
        set(),
    ),
    (
        "long_term_cwi_not_from_support",
        "support",
        "close",
        TransitionFacts(reason="long_term_guardianship_cwi", court_order=True, approvals=MANAGER),
        False,
        {"reason_not_allowed_here"},
    ),
    (
        "kinship_care",
        "temporary_guardianship",
        "close",
        TransitionFacts(reason="kinship_or_foster_care", approvals=MANAGER),
        True,
        set(),
    ),
    (
        "reopen_needs_reason",
        "closed",
        "reopen_assessment",
        TransitionFacts(reason_text="  ", approvals=MANAGER),
        False,
        {"reason_text"},
    ),
    (
        "reopen_with_reason",
        "closed",
        "reopen_support",
        TransitionFacts(reason_text="送回后再次接到报告", approvals=MANAGER),
        True,
        set(),
    ),
    (
        "intervention_personal_safety_order",
        "support",
        "start_intervention",
        TransitionFacts(reason="personal_safety_order", approvals=MANAGER),
        True,
        set(),
    ),
    (
        "revocation_needs_a_ground",
        "support",
        "start_intervention",
        TransitionFacts(reason="revoke_guardianship", approvals=MANAGER),
        False,
        {"reason_required"},
    ),
    (
        "revocation_refusal_exactly_6_months",
        "temporary_guardianship",
        "start_intervention",
        TransitionFacts(
            reason="revoke_guardianship",
            ground="refusal_6_months",
            duty_refusal_since=date(2025, 2, 28),
            as_of=date(2025, 8, 28),
            approvals=MANAGER,
        ),
        True,
        set(),
    ),
    (
        "revocation_refusal_a_day_short",
        "temporary_guardianship",
        "start_intervention",
        TransitionFacts(
            reason="revoke_guardianship",
            ground="refusal_6_months",
            duty_refusal_since=date(2025, 2, 28),
            as_of=date(2025, 8, 27),
            approvals=MANAGER,
        ),
        False,
        {"refusal_6_months"},
    ),
    (
        "everything_missing_is_listed",
        "temporary_guardianship",
        "close",
        TransitionFacts(reason="returned_to_guardian"),
        False,
        {"capacity_restored", "approval_required"},
    ),
]


@pytest.mark.parametrize(
    ("stage", "code", "facts", "allowed", "rules"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_check_transition(
    stage: str, code: str, facts: TransitionFacts, allowed: bool, rules: set[str]
) -> None:
    result = check_transition(stage, code, facts)
    assert result.allowed is allowed, result.message
    assert {r.rule for r in result.refusals} == rules
    for refusal in result.refusals:
        assert refusal.message and refusal.clause and refusal.rule_set
    if allowed:
        assert result.to_stage == load_workflow().transition(code).to_stage  # type: ignore[union-attr]


def test_refusal_says_what_is_missing_and_why() -> None:
    result = check_transition(
        "temporary_guardianship",
        "return_to_guardian",
        replace(RETURN_OK, capacity_assessed_on=TG_START),
    )
    refusal = _refused(result, "capacity_restored")
    assert refusal.missing == ("capacity_assessed_on",)
    assert "临时监护开始" in refusal.message
    assert (refusal.rule_set, refusal.clause) == ("SH2022-4", "§三(三)")
    assert result.needs_approval


def test_approval_marked() -> None:
    wf = load_workflow()
    needing = {t.code for t in wf.transitions if t.approval == "manager"}
    assert {
        "start_temporary_guardianship",
        "return_to_guardian",
        "close",
        "reopen_support",
    } <= needing
    assert "accept_for_assessment" not in needing


def test_unknown_stage_and_transition() -> None:
    assert _refused(check_transition("limbo", "close", TransitionFacts()), "unknown_stage")
    result = check_transition("support", "teleport", TransitionFacts())
    assert not result.allowed and "teleport" in result.message


def test_revocation_after_sh2020_29_expired_is_warned() -> None:
    facts = TransitionFacts(
        reason="revoke_guardianship",
        ground="serious_harm",
        as_of=date(2026, 1, 1),
        approvals=MANAGER,
    )
    result = check_transition("support", "start_intervention", facts)
    assert result.allowed
    assert any("沪府规〔2020〕29号" in w for w in result.warnings)
    earlier = check_transition(
        "support", "start_intervention", replace(facts, as_of=date(2025, 12, 31))
    )
    assert earlier.warnings == ()


def test_malformed_workflow_is_rejected() -> None:
    data = {
        "stages": [{"code": "a", "label": "甲"}],
        "transitions": [
            {
                "code": "x",
                "label": "乙",
                "from": ["a"],
                "to": "b",
                "rule_set": "r",
                "clause": "c",
                "quote": "q",
            }
        ],
    }
    with pytest.raises(WorkflowError, match="unknown stage"):
        parse_workflow(data)
    data["transitions"][0]["to"] = "a"  # type: ignore[index]
    data["transitions"][0]["guards"] = ["magic"]  # type: ignore[index]
    with pytest.raises(WorkflowError, match="unknown guard"):
        parse_workflow(data)
