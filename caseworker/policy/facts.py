"""The facts about a child and the parents that the rules look at.

Codes are English identifiers; their Chinese labels live in resources/rules/codes.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The eight conditions of a parent (八类情形), SH2022-4 §一 / DRAFT-2025 §二(二).
EIGHT_CONDITIONS = (
    "severe_disability",
    "severe_illness",
    "imprisoned",
    "compulsory_rehab",
    "liberty_restricted",
    "lost_contact",
    "guardianship_revoked",
    "deported",
)
HUKOU = ("shanghai", "other")
LIVES_IN = ("shanghai_suburban_rural", "shanghai_urban", "other")
EDUCATION = ("none", "high_school", "university")
HARM = ("abuse", "abandonment", "accidental_injury", "unlawful_harm")
DISABILITY_KINDS = (
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
    "autism",
)
DISABILITY_GRADES = (1, 2, 3, 4)
PARENT_ROLES = ("father", "mother")
ECONOMIC_FLAGS = ("dibao", "dibao_edge", "tekun", "rigid_expense", "low_income", "sudden_hardship")


@dataclass(frozen=True)
class Disability:
    kind: str
    grade: int | None = None  # 一级 (most severe) … 四级; None when not graded

    @property
    def severe(self) -> bool:
        """一级/二级 are the severe grades (重度残疾)."""
        return self.grade is not None and self.grade <= 2


@dataclass(frozen=True)
class FamilyEconomic:
    dibao: bool = False  # 低保家庭
    dibao_edge: bool = False  # 低保边缘家庭
    tekun: bool = False  # 特困供养
    rigid_expense: bool = False  # 刚性支出困难家庭
    low_income: bool = False  # 低收入家庭
    sudden_hardship: bool = False  # 突发性、紧迫性、临时性基本生活困难

    @property
    def any_hardship(self) -> bool:
        return any(getattr(self, flag) for flag in ECONOMIC_FLAGS)


@dataclass(frozen=True)
class Parent:
    role: str
    conditions: frozenset[str] = frozenset()
    dead: bool = False
    missing: bool = False  # 失踪 / cannot be found
    working_away_months: int = 0
    has_guardianship_capacity: bool | None = None  # None: not established either way
    remarried: bool = False
    social_assistance: bool = False
    shanghai_residence_permit: bool = False
    hukou_agricultural: bool = False
    hukou: str | None = None  # "shanghai" / "other" when known

    @property
    def lost(self) -> bool:
        """Dead or missing (死亡或失踪)."""
        return self.dead or self.missing

    @property
    def in_eight_conditions(self) -> bool:
        return bool(self.conditions & frozenset(EIGHT_CONDITIONS))

    @property
    def cannot_care(self) -> bool:
        """No guardianship from this parent: lost, in the eight conditions, or found incapable."""
        return self.lost or self.in_eight_conditions or self.has_guardianship_capacity is False

    @property
    def shanghai_agricultural(self) -> bool:
        return self.hukou_agricultural and self.hukou != "other"

    @property
    def non_local_with_permit(self) -> bool:
        return self.shanghai_residence_permit and self.hukou != "shanghai"


@dataclass(frozen=True)
class Child:
    birth_date: date
    hukou: str
    id_number: str | None = None
    gender: str | None = None
    hukou_agricultural: bool = False
    lives_in: str | None = None
    months_living_in_shanghai: int = 0
    months_cross_district: int = 0
    asks_for_help: bool = False
    with_parent_or_guardian: bool = True  # moved together with a parent or guardian
    disability: Disability | None = None
    family_economic: FamilyEconomic | None = None
    full_time_education: str = "none"
    harm: frozenset[str] = frozenset()
    vagrant: bool = False
    psych_or_behaviour_issue: bool = False


@dataclass(frozen=True)
class CaseFacts:
    child: Child
    parents: tuple[Parent, ...] = field(default_factory=tuple)

    def parent(self, role: str) -> Parent | None:
        return next((p for p in self.parents if p.role == role), None)

    @property
    def both_parents(self) -> tuple[Parent, Parent] | None:
        father, mother = self.parent("father"), self.parent("mother")
        return (father, mother) if father and mother else None
