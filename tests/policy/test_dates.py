from datetime import date

import pytest

from caseworker.policy.dates import add_months, add_years, age_on, months_between, parse_iso_date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # the brief's example: month end clamps
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2026, 2, 28), 6, date(2026, 8, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years_from_29_february() -> None:
    assert add_years(date(2008, 2, 29), 18) == date(2026, 2, 28)
    assert add_years(date(2008, 2, 29), 16) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2010, 3, 15), date(2028, 3, 14), 17),  # day before the 18th birthday
        (date(2010, 3, 15), date(2028, 3, 15), 18),  # the birthday itself
        (date(2010, 3, 15), date(2026, 3, 14), 15),
        (date(2010, 3, 15), date(2026, 3, 15), 16),
        (date(2008, 2, 29), date(2026, 2, 27), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 18),  # no 29 Feb in 2026: month end
        (date(2020, 1, 1), date(2020, 1, 1), 0),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError):
        age_on(date(2020, 1, 2), date(2020, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 2, 28), date(2026, 8, 27), 5),
        (date(2026, 2, 28), date(2026, 8, 28), 6),
        (date(2026, 8, 31), date(2027, 2, 28), 6),
        (date(2026, 8, 31), date(2027, 2, 27), 5),
        (date(2026, 8, 28), date(2026, 2, 28), -6),
    ],
)
def test_months_between(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


@pytest.mark.parametrize("text", ["20260301", "2026-3-1", "2026-02-30", "", "2026-03-01T00:00"])
def test_parse_iso_date_is_strict(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_date(text)


def test_parse_iso_date() -> None:
    assert parse_iso_date("2026-03-01") == date(2026, 3, 1)
