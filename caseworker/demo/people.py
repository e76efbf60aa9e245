"""Synthetic children and parents: names, valid ID numbers, family situations."""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric

from caseworker.demo.vocab import GIVEN_BOY, GIVEN_GIRL, RARE, RETIRED_CODES, SURNAMES


class NamePicker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [s for s, _ in SURNAMES]
        self.weights = [w for _, w in SURNAMES]

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.weights)[0]

    def given(self, gender: str) -> str:
        pool = GIVEN_BOY if gender == "M" else GIVEN_GIRL
        n = 1 if self.rng.random() < 0.25 else 2
        chars = [self.rng.choice(pool) for _ in range(n)]
        if self.rng.random() < 0.04:  # a rare character, as real names often have
            chars[-1] = self.rng.choice(RARE)
        return "".join(chars)

    def full(self, gender: str, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(gender)


class IdNumbers:
    """Unique 18-digit numbers with a correct check character; odd order digit for boys."""

    def __init__(self) -> None:
        # Next free order number per (address code, birth date, gender), as one int key.
        self._next: dict[int, int] = {}

    def issue(self, address_code: str, birth: date, gender: str) -> str | None:
        g = 1 if gender == "M" else 0
        key = (int(address_code) * 1_000_000 + birth.toordinal()) * 2 + g
        n = self._next.get(key, 0)
        if n >= 500:
            return None  # that day's numbers are used up: the child stays unidentified
        self._next[key] = n + 1
        body = f"{address_code}{birth:%Y%m%d}{n * 2 + g:03d}"
        # stdnum expects a placeholder where the check character goes.
        return body + ric.calc_check_digit(body + "0")


def address_code_for(district: str, birth: date, rng: random.Random) -> str:
    retired = RETIRED_CODES.get(district)
    if retired and birth.year <= retired[1] and rng.random() < 0.6:
        return retired[0]
    return district


def birth_date(today: date, rng: random.Random) -> date:
    """A child from a newborn to 17 years old, a few just turning 16 or 18."""
    days = rng.randint(30, 18 * 365 - 2)
    return today - timedelta(days=days)
