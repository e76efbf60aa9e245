"""The monthly bed report as plain data: what the report module computes and each writer reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from caseworker.services.beds.board import InstitutionRow
from caseworker.services.beds.summary import DistrictBeds


@dataclass(frozen=True)
class DistrictMonth:
    end: DistrictBeds  # the figures at the end of the month (or now, for this month)
    admissions: int  # stays begun, transfers in excluded
    discharges: int  # stays ended, transfers out excluded
    occupied_days: float
    bed_days: float

    @property
    def average_rate(self) -> float | None:
        return self.occupied_days / self.bed_days if self.bed_days else None


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    as_of: datetime
    generated_at: datetime
    generated_by: str
    minimum: int
    clause: str
    districts: list[DistrictMonth]
    institutions: list[tuple[str, InstitutionRow]]  # (district name, row)

    @property
    def below_minimum(self) -> list[str]:
        return [d.end.district for d in self.districts if d.end.below_minimum]
