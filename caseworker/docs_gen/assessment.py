"""Family guardianship-capacity assessment: the instrument (versioned data) and a filled form.

The instrument (areas → indicators with max score and weight, grade thresholds) is loaded
from resources/instruments/*.toml so an institution can load the official table. The form
is plain frozen data (no database types): the app builds it from its assessment record.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from caseworker.docs_gen.resources import INSTRUMENTS_DIR


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    guidance: str
    max_score: int
    weight: float
    veto: str = ""  # a grade code: scoring 0 here caps the grade at that level


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    indicators: tuple[Indicator, ...] = ()
    items: tuple[str, ...] = ()  # unscored areas: what to record
    scored: bool = True

    @property
    def weight(self) -> float:
        return sum(i.weight for i in self.indicators)


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    min_score: float
    description: str


@dataclass(frozen=True)
class Result:
    area_scores: dict[str, float]  # area code → weighted score
    total: float
    grade: Grade


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title: str
    report_title: str
    standard: str
    status: str
    methods: tuple[str, ...]
    areas: tuple[Area, ...]
    grades: tuple[Grade, ...]  # best first

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.areas for i in a.indicators)

    @property
    def max_total(self) -> float:
        return sum(a.weight for a in self.areas if a.scored)

    def score(self, scores: Mapping[str, int]) -> Result:
        """Weighted area scores, the total and the grade (vetoes applied)."""
        known = {i.code: i for i in self.indicators}
        unknown = sorted(set(scores) - set(known))
        if unknown:
            raise ValueError(f"unknown indicators for {self.code} v{self.version}: {unknown}")
        areas: dict[str, float] = {}
        cap = 0  # index into grades: the best grade still allowed
        order = [g.code for g in self.grades]
        for area in self.areas:
            if not area.scored:
                continue
            total = 0.0
            for ind in area.indicators:
                s = scores.get(ind.code)
                if s is None or not 0 <= s <= ind.max_score:
                    raise ValueError(f"{ind.code} needs a score from 0 to {ind.max_score}, got {s}")
                total += s / ind.max_score * ind.weight
                if s == 0 and ind.veto:
                    cap = max(cap, order.index(ind.veto))
            areas[area.code] = round(total, 1)
        total = round(sum(areas.values()), 1)
        reached = next(i for i, g in enumerate(self.grades) if total >= g.min_score)
        return Result(areas, total, self.grades[max(reached, cap)])


def load_instrument(path: Path = INSTRUMENTS_DIR / "capacity-DB31T1305-2021-v1.toml") -> Instrument:
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    areas = tuple(
        Area(
            code=a["code"],
            title=a["title"],
            indicators=tuple(
                Indicator(
                    i["code"],
                    i["text"],
                    i["guidance"],
                    int(i["max"]),
                    float(i["weight"]),
                    i.get("veto", ""),
                )
                for i in a.get("indicators", ())
            ),
            items=tuple(a.get("items", ())),
            scored=bool(a.get("scored", True)),
        )
        for a in d["areas"]
    )
    grades = tuple(
        Grade(g["code"], g["label"], float(g["min"]), g["description"])
        for g in sorted(d["grades"], key=lambda g: -g["min"])
    )
    return Instrument(
        d["code"],
        str(d["version"]),
        d["title"],
        d["report_title"],
        d["standard"],
        d["status"],
        tuple(d.get("methods", ())),
        areas,
        grades,
    )


@dataclass(frozen=True)
class GuardianAssessment:
    name: str
    relation: str  # to the child: 父亲, 母亲, 祖母 …
    scores: Mapping[str, int]  # indicator code → score
    notes: Mapping[str, str] = field(default_factory=dict)  # indicator code → observation


@dataclass(frozen=True)
class Signature:
    role: str  # 评估人员, 复核人, 评估机构（盖章）
    name: str = ""
    day: date | None = None


@dataclass(frozen=True)
class AssessmentForm:
    """One assessment as printed: case, child, the guardians' scores and the conclusion."""

    instrument: Instrument
    case_number: str
    child_name: str
    child_id_number: str
    assessment_date: date
    assessor_org: str
    assessors: tuple[str, ...]
    commissioned_by: str = ""  # 委托方 (民政部门 or 公安机关)
    methods: tuple[str, ...] = ()  # of instrument.methods, those used
    basic_info: tuple[tuple[str, str], ...] = ()  # (item of the unscored area, what was found)
    guardians: tuple[GuardianAssessment, ...] = ()
    conclusion: str = ""
    recommendation: str = ""
    signatures: tuple[Signature, ...] = ()

    def results(self) -> list[Result]:
        return [self.instrument.score(g.scores) for g in self.guardians]
