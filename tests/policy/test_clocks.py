from datetime import date

import pytest

from caseworker.policy.clocks import (
    age_clock,
    clock,
    guardian_refusal_clock,
    migrant_data_comparison_clock,
    temporary_assistance_clock,
)


@pytest.mark.parametrize(
    ("since", "on", "due", "passed"),
    [
        (date(2025, 2, 28), date(2025, 8, 27), date(2025, 8, 28), False),  # a day short
        (date(2025, 2, 28), date(2025, 8, 28), date(2025, 8, 28), True),  # exactly 6 months
        (date(2025, 2, 28), date(2025, 8, 29), date(2025, 8, 28), True),
        (date(2025, 8, 31), date(2026, 2, 27), date(2026, 2, 28), False),
        (date(2025, 8, 31), date(2026, 2, 28), date(2026, 2, 28), True),  # month-end clamp
    ],
)
def test_guardian_refusal_six_months(since: date, on: date, due: date, passed: bool) -> None:
    result = guardian_refusal_clock(since, on)
    assert (result.due, result.passed) == (due, passed)
    assert (result.rule_set, result.clause) == ("SH2020-29", "§四(四)")
    assert result.days_left == (due - on).days


def test_six_months_after_31_august_2026() -> None:
    assert guardian_refusal_clock(date(2026, 8, 31), date(2027, 1, 1)).due == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("on", "status", "warned"),
    [(date(2025, 12, 31), "in_force", False), (date(2026, 1, 1), "expired", True)],
)
def test_refusal_clock_flags_the_expired_document(on: date, status: str, warned: bool) -> None:
    result = guardian_refusal_clock(date(2025, 1, 1), on)
    assert result.status == status
    assert (result.warning is not None) is warned
    if result.warning:
        assert "沪府规〔2020〕29号" in result.warning and "已失效" in result.warning


@pytest.mark.parametrize(
    ("start", "on", "due", "passed"),
    [
        (date(2026, 1, 15), date(2026, 4, 14), date(2026, 4, 15), False),
        (date(2026, 1, 15), date(2026, 4, 15), date(2026, 4, 15), True),
        (date(2025, 11, 30), date(2026, 2, 27), date(2026, 2, 28), False),
    ],
)
def test_temporary_assistance_three_months(start: date, on: date, due: date, passed: bool) -> None:
    result = temporary_assistance_clock(start, on)
    assert (result.due, result.passed) == (due, passed)
    assert (result.rule_set, result.clause, result.warning) == ("SH2025-MIG", "附件第29项", None)


@pytest.mark.parametrize(
    ("age", "on", "passed", "rule_set"),
    [
        (16, date(2026, 3, 14), False, "SH2025-MIG"),
        (16, date(2026, 3, 15), True, "SH2025-MIG"),
        (18, date(2028, 3, 14), False, "SH2022-4"),
        (18, date(2028, 3, 15), True, "SH2022-4"),
    ],
)
def test_turning_16_and_18(age: int, on: date, passed: bool, rule_set: str) -> None:
    result = age_clock(date(2010, 3, 15), age, on)
    assert result.due == date(2010 + age, 3, 15)
    assert (result.passed, result.rule_set) == (passed, rule_set)


def test_turning_18_on_29_february() -> None:
    assert age_clock(date(2008, 2, 29), 18, date(2026, 1, 1)).due == date(2026, 2, 28)


def test_only_statutory_ages() -> None:
    with pytest.raises(ValueError):
        age_clock(date(2010, 1, 1), 14, date(2026, 1, 1))


@pytest.mark.parametrize(
    ("last", "on", "due", "passed"),
    [
        (date(2025, 6, 30), date(2025, 12, 29), date(2025, 12, 30), False),
        (date(2025, 6, 30), date(2025, 12, 30), date(2025, 12, 30), True),
        (None, date(2025, 3, 1), date(2025, 7, 1), False),
        (None, date(2025, 7, 1), date(2025, 7, 1), True),
    ],
)
def test_half_yearly_comparison(last: date | None, on: date, due: date, passed: bool) -> None:
    result = migrant_data_comparison_clock(last, on)
    assert (result.due, result.passed, result.clause) == (due, passed, "§2")


def test_not_yet_in_force_is_warned() -> None:
    result = temporary_assistance_clock(date(2024, 1, 1), date(2024, 2, 1))
    assert result.status == "not_yet_in_force" and result.warning is not None


def test_unknown_clock() -> None:
    with pytest.raises(KeyError):
        clock("no_such_clock", date(2026, 1, 1), date(2026, 1, 1))
