"""Citizen ID numbers (公民身份号码, GB 11643-1999).

18 characters: a 6-digit address code (GB/T 2260), the birth date YYYYMMDD, a 3-digit
sequence number (odd for men, even for women) and a check character computed with ISO
7064 MOD 11-2. python-stdnum supplies the check character and the address-code table;
the checks here are ordered so the message names the first thing that is wrong.

Address codes are accepted whatever the year they were in use: an ID number keeps the
code of the place where it was first issued, so retired Shanghai codes (310102 南市区,
310103 卢湾区, 310108 闸北区, 310119 南汇区, 310225 南汇县, 310230 崇明县 …) stay valid
in old numbers. stdnum's own ``validate`` rejects such numbers when the birth year falls
outside the code's years, which is why it is not used as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum import numdb
from stdnum.cn import ric

from caseworker.policy._text import _

Gender = Literal["male", "female"]

# Weights for the 17 digits (GB 11643-1999 §5.2), kept here for reference and tests.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


class IdNumberError(ValueError):
    """An invalid ID number; ``reason`` is a stable code, ``message`` says why in Chinese."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Place:
    code: str
    province: str
    county: str
    in_use_from: int | None
    in_use_to: int | None

    @property
    def retired(self) -> bool:
        return self.in_use_to is not None

    @property
    def name(self) -> str:
        return self.province if self.county == self.province else self.province + self.county


@dataclass(frozen=True)
class IdNumber:
    number: str
    place: Place
    birth_date: date
    sequence: str
    gender: Gender

    @property
    def gender_label(self) -> str:
        return _("男") if self.gender == "male" else _("女")


def check_character(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    # stdnum's calc_check_digit ignores the last character of what it is given.
    return str(ric.calc_check_digit(first17 + "0"))


def _normalise(text: str) -> str:
    return "".join(text.split()).upper()


def _place(code: str) -> Place | None:
    province = county = None
    for part, props in numdb.get("cn/loc").info(code):
        if len(part) == 2 and "province" in props:
            province = props["province"]
        elif len(part) == 4 and "county" in props:
            county = props["county"]
    if province is None or county is None:
        return None
    # A county entry may list several names over time: "[-1991]东郊区,[1992-]东丽区".
    # The code was in use from the first period's start to the last period's end.
    periods = [_period(entry) for entry in county.split(",")]
    return Place(code, province, periods[-1][2], periods[0][0], periods[-1][1])


def _period(entry: str) -> tuple[int | None, int | None, str]:
    if not entry.startswith("["):
        return None, None, entry
    years, name = entry[1:].split("]", 1)
    start, end = years.split("-")
    return (int(start) if start else None), (int(end) if end else None), name


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def parse_id_number(text: str, *, today: date | None = None) -> IdNumber:
    """Parse and validate; raise IdNumberError naming the first problem.

    ``today`` (optional) rejects birth dates in the future.
    """
    number = _normalise(text)
    if not number:
        raise IdNumberError("empty", _("身份证号码为空"))
    if len(number) == 15 and number.isdigit():
        raise IdNumberError("length", _("这是15位旧身份证号码，须使用18位公民身份号码"))
    if len(number) != 18:
        raise IdNumberError("length", _("身份证号码长度应为18位，实为{n}位").format(n=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("format", _("身份证号码前17位应为数字，第18位应为数字或X"))
    expected = check_character(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            "check",
            _("身份证号码校验码错误：按前17位应为 {expected}，实为 {actual}").format(
                expected=expected, actual=number[17]
            ),
        )
    born = _birth_date(number[6:14])
    if born is None:
        raise IdNumberError(
            "date", _("身份证号码中的出生日期 {d} 不是有效日期").format(d=number[6:14])
        )
    if born.year < 1900 or (today is not None and born > today):
        raise IdNumberError(
            "date", _("身份证号码中的出生日期 {d} 不合理").format(d=born.isoformat())
        )
    place = _place(number[:6])
    if place is None:
        raise IdNumberError(
            "address",
            _("身份证号码中的地址码 {code} 不是已知的行政区划代码").format(code=number[:6]),
        )
    gender: Gender = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumber(number, place, born, number[14:17], gender)


def id_number_problem(text: str, *, today: date | None = None) -> str | None:
    """The Chinese message saying why ``text`` is invalid, or None when it is valid."""
    try:
        parse_id_number(text, today=today)
    except IdNumberError as exc:
        return exc.message
    return None


def is_valid_id_number(text: str) -> bool:
    return id_number_problem(text) is None
