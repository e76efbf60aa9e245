"""Capacity-assessment instruments: the data file loads, scoring and grading are exact."""

from __future__ import annotations

import pytest

from caseworker.policy.instrument import InstrumentError, _parse, check_scores, instruments, score


@pytest.fixture
def inst():  # type: ignore[no-untyped-def]
    found = instruments()
    assert found, "the shipped instrument must load"
    return found[0]


def test_full_marks_and_zero(inst) -> None:  # type: ignore[no-untyped-def]
    top = score(inst, {i.code: i.max for i in inst.indicators()})
    assert top.total == 10000 and top.grade.code == inst.grades[0].code and top.grade.finds_capacity
    bottom = score(inst, {i.code: 0 for i in inst.indicators()})
    assert bottom.total == 0 and bottom.grade.code == inst.grades[-1].code
    assert not bottom.grade.finds_capacity


def test_grade_thresholds_are_inclusive(inst) -> None:  # type: ignore[no-untyped-def]
    """Exactly on a threshold is that grade; one step below is the next grade."""
    by_points = {}
    # Walk every total reachable by lowering scores one point at a time from full marks.
    scores = {i.code: i.max for i in inst.indicators()}
    for ind in inst.indicators():
        for value in range(ind.max, -1, -1):
            scores[ind.code] = value
            if any(i.veto and scores[i.code] == 0 for i in inst.indicators()):
                continue
            result = score(inst, scores)
            by_points[result.total] = result.grade.code
        scores[ind.code] = ind.max
    for total, grade in by_points.items():
        expected = next(g.code for g in inst.grades if total >= g.min * 100)
        assert grade == expected, total


def test_a_veto_caps_the_grade(inst) -> None:  # type: ignore[no-untyped-def]
    vetoes = [i for i in inst.indicators() if i.veto]
    assert vetoes
    for ind in vetoes:
        scores = {i.code: i.max for i in inst.indicators()}
        scores[ind.code] = 0
        result = score(inst, scores)
        order = [g.code for g in inst.grades]
        assert order.index(result.grade.code) >= order.index(ind.veto)
        assert ind.code in result.vetoed


def test_bad_scores_are_named(inst) -> None:  # type: ignore[no-untyped-def]
    first = inst.indicators()[0]
    errors = check_scores(inst, {first.code: first.max + 1, "ZZ": 1})
    assert set(errors) == {first.code, "ZZ"}
    with pytest.raises(InstrumentError, match="未评分"):
        score(inst, {first.code: 1})


def test_malformed_files_are_refused() -> None:
    good = {
        "code": "x",
        "version": "1",
        "title": "t",
        "areas": [
            {
                "code": "a",
                "title": "A",
                "indicators": [{"code": "I1", "text": "t", "max": 4, "weight": 100}],
            }
        ],
        "grades": [
            {"code": "ok", "label": "好", "min": 60},
            {"code": "bad", "label": "差", "min": 0},
        ],
    }
    assert _parse(good, "good").grade("ok").finds_capacity
    bad_weights = {
        **good,
        "areas": [
            {
                "code": "a",
                "title": "A",
                "indicators": [{"code": "I1", "text": "t", "max": 4, "weight": 90}],
            }
        ],
    }
    with pytest.raises(InstrumentError, match="100"):
        _parse(bad_weights, "w")
    with pytest.raises(InstrumentError, match="grades"):
        _parse({**good, "grades": list(reversed(good["grades"]))}, "g")
