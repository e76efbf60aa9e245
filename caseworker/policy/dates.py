"""Calendar arithmetic used by the rules.

Month convention (民法典 第二百零三条): N months after a date is the corresponding day of
the month N months later; when that month has no such day, it is that month's last day.
So 6 months after 2026-08-31 is 2027-02-28, and a child born on 29 February has birthdays
on 28 February in common years.

Age convention: a person reaches age N on the Nth birthday and is "不满N周岁" up to the
day before it (administrative practice; the criminal-law rule of counting from the day
after the birthday is deliberately not used here).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_months(d: date, months: int) -> date:
    """``d`` shifted by ``months`` (may be negative), clamped to the end of the month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def birthday(birth_date: date, age: int) -> date:
    """The day on which someone born on ``birth_date`` reaches ``age`` full years."""
    return add_years(birth_date, age)


def age_on(birth_date: date, on: date) -> int:
    """Full years (周岁) on ``on``; raises ValueError if ``on`` is before the birth."""
    if on < birth_date:
        raise ValueError("date before birth")
    years = on.year - birth_date.year
    # Start from the calendar-year difference and step back if that birthday is still ahead.
    while years > 0 and birthday(birth_date, years) > on:
        years -= 1
    return years


def months_between(start: date, end: date) -> int:
    """Whole months elapsed from ``start`` to ``end`` under the same convention."""
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def parse_iso_date(text: str) -> date:
    """Strict ``YYYY-MM-DD`` (``date.fromisoformat`` alone also accepts ``YYYYMMDD``)."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)
