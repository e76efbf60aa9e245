"""Family guardianship-capacity assessment instruments: loading and scoring.

An instrument (areas, indicators with scoring guidance, weights, grade thresholds) is a
versioned data file in resources/instruments/, so an institution can load the official
table of DB31/T 1305-2021 without a code change. Scoring is pure arithmetic on it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from caseworker.policy._text import _
from caseworker.policy.resources import resources_dir


class InstrumentError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    max: int
    weight: int  # share of the 100-point total
    guidance: str
    veto: str | None  # a score of 0 caps the grade at this grade code


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    indicators: tuple[Indicator, ...]
    items: tuple[str, ...] = ()  # unscored areas list what to record instead


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    min: int
    finds_capacity: bool
    description: str = ""


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title: str
    standard: str
    areas: tuple[Area, ...]
    grades: tuple[Grade, ...]

    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.areas for i in a.indicators)

    def grade(self, code: str) -> Grade:
        return next(g for g in self.grades if g.code == code)


@dataclass(frozen=True)
class Scored:
    total: int  # weighted score 0–100, in hundredths of a point (8125 = 81.25)
    area_totals: dict[str, int]  # per area, in hundredths
    grade: Grade
    vetoed: tuple[str, ...]  # veto indicators scored 0


# Without an explicit `finds_capacity`, grades from 60 points up find the guardian capable
# (监护正常, 监护不足: willing, capable with support); below that they do not.
CAPABLE_FROM = 60


def _parse(raw: dict, source: str) -> Instrument:  # type: ignore[type-arg]
    try:
        areas = tuple(
            Area(
                a["code"],
                a["title"],
                tuple(
                    Indicator(
                        i["code"],
                        i["text"],
                        int(i["max"]),
                        int(i["weight"]),
                        str(i.get("guidance", "")),
                        i.get("veto"),
                    )
                    for i in a.get("indicators", ())
                ),
                tuple(a.get("items", ())),
            )
            for a in raw["areas"]
        )
        grades = tuple(
            Grade(
                g["code"],
                g["label"],
                int(g["min"]),
                bool(g.get("finds_capacity", int(g["min"]) >= CAPABLE_FROM)),
                g.get("description", ""),
            )
            for g in raw["grades"]
        )
        inst = Instrument(
            raw["code"], str(raw["version"]), raw["title"], raw.get("standard", ""), areas, grades
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InstrumentError(f"{source}: malformed instrument ({exc!r})") from exc
    codes = [i.code for i in inst.indicators()]
    if len(codes) != len(set(codes)):
        raise InstrumentError(f"{source}: indicator codes repeat")
    if sum(i.weight for i in inst.indicators()) != 100:
        raise InstrumentError(f"{source}: indicator weights must add up to 100")
    if [g.min for g in grades] != sorted((g.min for g in grades), reverse=True) or grades[
        -1
    ].min != 0:
        raise InstrumentError(f"{source}: grades must run from best to worst, the last from 0")
    grade_codes = {g.code for g in grades}
    if any(i.veto is not None and i.veto not in grade_codes for i in inst.indicators()):
        raise InstrumentError(f"{source}: a veto names an unknown grade")
    return inst


@lru_cache(maxsize=16)
def _load_all(root: str) -> dict[tuple[str, str], Instrument]:
    found = {}
    for path in sorted((Path(root) / "instruments").glob("*.toml")):
        if path.name.startswith("_"):
            continue  # samples and fixtures, not instruments
        inst = _parse(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
        found[(inst.code, inst.version)] = inst
    return found


def instruments(root: Path | str | None = None) -> list[Instrument]:
    return list(_load_all(str(resources_dir(root))).values())


def load_instrument(code: str, version: str, root: Path | str | None = None) -> Instrument:
    try:
        return _load_all(str(resources_dir(root)))[(code, version)]
    except KeyError:
        raise InstrumentError(
            _("找不到评估工具 {code} 版本 {v}").format(code=code, v=version)
        ) from None


def check_scores(inst: Instrument, scores: Mapping[str, int]) -> dict[str, str]:
    """Field errors for unknown indicators and out-of-range scores (missing ones are allowed
    in a draft)."""
    known = {i.code: i for i in inst.indicators()}
    errors = {}
    for code, value in scores.items():
        ind = known.get(code)
        if ind is None:
            errors[code] = _("未知的评估指标 {code}").format(code=code)
        elif not isinstance(value, int) or not 0 <= value <= ind.max:
            errors[code] = _("{code} 的得分应为 0 至 {max} 的整数").format(code=code, max=ind.max)
    return errors


def missing_scores(inst: Instrument, scores: Mapping[str, int]) -> list[str]:
    return [i.code for i in inst.indicators() if i.code not in scores]


def score(inst: Instrument, scores: Mapping[str, int]) -> Scored:
    """Weighted total and grade of a complete set of scores."""
    errors = check_scores(inst, scores)
    missing = missing_scores(inst, scores)
    if errors or missing:
        raise InstrumentError("；".join([*errors.values(), *(f"{m} 未评分" for m in missing)]))
    # Integer arithmetic in hundredths: the same answers give the same grade everywhere.
    area_totals = {
        a.code: sum(round(scores[i.code] * i.weight * 100 / i.max) for i in a.indicators)
        for a in inst.areas
        if a.indicators
    }
    total = sum(area_totals.values())
    order = [g.code for g in inst.grades]
    grade = next(g for g in inst.grades if total >= g.min * 100)
    vetoes = [i for i in inst.indicators() if i.veto and scores[i.code] == 0]
    for ind in vetoes:
        cap = inst.grade(ind.veto or "")
        if order.index(cap.code) > order.index(grade.code):
            grade = cap  # e.g. a child unsafe at home is never 监护正常, whatever the points
    return Scored(total, area_totals, grade, tuple(i.code for i in vetoes))
