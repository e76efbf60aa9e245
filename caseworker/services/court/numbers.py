"""Court case numbers (案号) as Shanghai's courts print them: （2026）沪0115民特123号.

（year）, 沪 with the court's code (four digits for a district court, two for an intermediate
court), the case-type code, the serial number, 号 — per the Supreme People's Court's rules
on case numbers. ASCII parentheses and spaces are accepted and stored in the printed form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseworker.i18n import _
from caseworker.services.errors import ValidationError

# Civil case types (案件类型代字) a guardianship, protection-order or support case can carry.
CIVIL_TYPES = (
    "民初",
    "民终",
    "民特",
    "民特监",
    "民申",
    "民再",
    "民监",
    "民抗",
    "民撤",
    "民保令",
    "民保更",
    "民他",
)
_YEAR = re.compile(r"^（(\d{4})）")
_COURT = re.compile(r"^沪(\d{4}|\d{2})(?=\D)")
_TYPE = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(?=\d)")
_SERIAL = re.compile(r"^([1-9]\d{0,6})号$")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class CourtNumber:
    year: int
    court_code: str  # 沪0115
    case_type: str  # 民特
    serial: int

    def __str__(self) -> str:
        return f"（{self.year}）{self.court_code}{self.case_type}{self.serial}号"


def normalise(text: str) -> str:
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def _refuse(problem: str, field: str) -> ValidationError:
    return ValidationError(
        _("Court case number must look like （2026）沪0115民特123号: {problem}").format(
            problem=problem
        ),
        field=field,
    )


def parse_court_number(
    text: str, *, this_year: int, courts: dict[str, str], field: str = "court_case_number"
) -> CourtNumber:
    """Parse and check a case number; `courts` maps known court codes to names."""
    rest = normalise(text)
    m = _YEAR.match(rest)
    if m is None:
        raise _refuse(_("it starts with the year in parentheses, e.g. （2026）."), field)
    year = int(m.group(1))
    if not FIRST_YEAR <= year <= this_year + 1:
        raise _refuse(_("the year {year} is not plausible.").format(year=year), field)
    rest = rest[m.end() :]
    m = _COURT.match(rest)
    if m is None:
        raise _refuse(_("after the year come 沪 and the court's code, e.g. 沪0115."), field)
    code = "沪" + m.group(1)
    if code not in courts:
        raise _refuse(_("{code} is not a Shanghai court in the list.").format(code=code), field)
    rest = rest[m.end() :]
    m = _TYPE.match(rest)
    if m is None or m.group(1) not in CIVIL_TYPES:
        raise _refuse(
            _("the case type after the court code must be a civil one: {types}.").format(
                types="、".join(CIVIL_TYPES)
            ),
            field,
        )
    case_type = m.group(1)
    rest = rest[m.end() :]
    m = _SERIAL.match(rest)
    if m is None:
        raise _refuse(_("it ends with the serial number and 号, e.g. 123号."), field)
    return CourtNumber(year, code, case_type, int(m.group(1)))
