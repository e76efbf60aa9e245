"""The figures of the monthly 床位占用情况报告 letter: one institution, one month.

They come from the bed records by the rules of the board and of the monthly report
(`bed_report.monthly_report`), so the letter, the board and the Excel report agree:

- the figures at the end of the month (or now, for this month) are the board's institution
  row at that moment (`bed_board.institution_rows`): its beds in service (out-of-service and
  removed beds left out, except a bed occupied then) and the occupied ones;
- admissions and discharges are stays begun and ended in the month, transfers left out on
  both sides (a transfer ends one stay and opens the next at the same instant), as
  `bed_report` counts them for a district: the institutions of a district add up to it;
- discharges by reason: the code stored on the stay (`placements.DISCHARGE_REASONS`);
- the average stay is the time in bed so far of the children in bed at the end, from the
  admission that began their stay (transfers continue it).

Not audited, like the board and the report figures: they are counts and name no child.
Issuing the letter is audited (`documents.issue`), with these figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Bed, Institution, Placement, Room, utcnow
from caseworker.security.actor import Actor
from caseworker.services.beds.access import missing
from caseworker.services.beds.board import institution_rows
from caseworker.services.beds.occupancy import DAY, add_months, last_day, month_bounds
from caseworker.services.beds.placements import TRANSFER
from caseworker.services.beds.report import transfer_moments
from caseworker.services.beds.rules import shanghai_today
from caseworker.services.beds.summary import occupied_at
from caseworker.services.errors import ValidationError

# The letter's three kinds of discharge (SH2022-4 §三(三), §四(二)) and the reason codes
# that fall under each. The other reasons (court-designated guardian, long-term care,
# adulthood, hospital, other) are in the discharges but in none of the three.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "returned": ("returned_to_guardian",),  # 送回监护人抚养
    "fostered": ("kinship_or_foster_care",),  # 委托亲属抚养或者家庭寄养
    "referred": ("referred_to_hukou_place",),  # 跨省转介
}
BED_FIELDS = "beds."  # the letter fields this module fills


@dataclass(frozen=True)
class InstitutionMonth:
    institution_id: int
    institution: str
    district_code: str | None
    year: int
    month: int
    as_of: datetime  # the moment of the end figures: the month's end, or now
    end_day: date  # that moment's day, printed as 截至…
    beds: int  # in service at as_of
    occupied: int
    admitted: int
    discharged: int
    reasons: dict[str, int] = field(default_factory=dict)  # discharges by reason code
    average_stay: float | None = None  # days, over the children in bed at as_of

    @property
    def vacant(self) -> int:
        return max(0, self.beds - self.occupied)

    @property
    def occupancy_rate(self) -> float | None:
        return self.occupied / self.beds if self.beds else None

    def in_category(self, category: str) -> int:
        return sum(self.reasons.get(code, 0) for code in CATEGORIES[category])

    @property
    def uncategorised(self) -> int:
        """Discharges for a reason the letter has no words for (it says 其中…)."""
        return self.discharged - sum(self.in_category(c) for c in CATEGORIES)


def previous_month(today: date) -> tuple[int, int]:
    """The month a report is usually made for: the last one."""
    return add_months(today.year, today.month, -1)


def default_month() -> tuple[int, int]:
    return previous_month(shanghai_today(utcnow()))


def parse_month(text: str) -> tuple[int, int]:
    """2026-10 (or 2026-1, 2026/10, 202610) → (2026, 10)."""
    digits = text.strip().replace("/", "-").replace(".", "-")
    year, sep, month = digits.partition("-")
    if not sep and len(digits) == 6:
        year, month = digits[:4], digits[4:]
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        raise ValidationError(
            _("Give the month as year-month, e.g. 2026-10: {text}").format(text=text),
            field="month",
        )
    return int(year), int(month)


def _check_month(year: int, month: int, now: datetime) -> tuple[datetime, datetime]:
    """The month's bounds; the same refusals as the monthly report."""
    if not 1 <= month <= 12 or year < 2000:
        raise ValidationError(_("Choose a month."), field="month")
    lo, hi = month_bounds(year, month)
    if lo >= now:
        raise ValidationError(_("Choose this month or a past one."), field="month")
    return lo, hi


def _reason_code(stored: str | None) -> str:
    """The code of a stored reason ('code' or 'code: note')."""
    return (stored or "").partition(": ")[0]


def _movements(
    session: Session, institution_id: int, lo: datetime, hi: datetime
) -> tuple[int, Counter[str]]:
    """Stays begun in the institution's beds in [lo, hi) and the reasons of those ended,
    transfers left out: bed_report's rule, on one institution's beds."""
    beds = select(Bed.id).join(Room, Room.id == Bed.room_id)
    beds = beds.where(Room.institution_id == institution_id)
    transfers = transfer_moments(session, lo, hi)
    begun = session.execute(
        select(Placement.child_id, Placement.admitted_at).where(
            Placement.bed_id.in_(beds), Placement.admitted_at >= lo, Placement.admitted_at < hi
        )
    ).all()
    admitted = sum(1 for child_id, at in begun if (child_id, at) not in transfers)
    reasons = Counter(
        _reason_code(reason)
        for reason in session.scalars(
            select(Placement.discharge_reason).where(
                Placement.bed_id.in_(beds),
                Placement.discharged_at >= lo,
                Placement.discharged_at < hi,
                Placement.discharge_reason.is_distinct_from(TRANSFER),
            )
        )
    )
    return admitted, reasons


def _average_stay(session: Session, institution_id: int, as_of: datetime) -> float | None:
    """Mean days in bed, up to `as_of`, of the children in the institution's beds then; a
    stay begins at the admission a chain of transfers goes back to."""
    occ = occupied_at(as_of)
    in_bed = session.execute(
        select(Placement.child_id, Placement.admitted_at)
        .join(occ, occ.c.placement_id == Placement.id)
        .join(Bed, Bed.id == Placement.bed_id)
        .join(Room, Room.id == Bed.room_id)
        .where(Room.institution_id == institution_id)
    ).all()
    if not in_bed:
        return None
    children = sorted({child_id for child_id, _at in in_bed})
    moved_from = {
        (child_id, ended): began
        for child_id, began, ended in session.execute(
            select(Placement.child_id, Placement.admitted_at, Placement.discharged_at).where(
                Placement.child_id.in_(children),
                Placement.discharge_reason == TRANSFER,
                Placement.discharged_at <= as_of,
            )
        )
    }
    total = 0.0
    for child_id, start in in_bed:
        for _step in range(len(moved_from)):  # a chain never loops; the bound is a guard
            if (child_id, start) not in moved_from:
                break
            start = moved_from[(child_id, start)]
        total += (as_of - start).total_seconds() / DAY
    return total / len(in_bed)


def institution_month(
    session: Session, actor: Actor, institution_id: int, year: int, month: int
) -> InstitutionMonth:
    """An institution's bed figures for a month, for a user of its district (or city)."""
    actor.require_case_access()
    inst = session.get(Institution, institution_id)
    if inst is None:
        raise missing(actor, _("No such institution."))
    actor.require_district(inst.district_code)
    now = utcnow()
    lo, hi = _check_month(year, month, now)
    as_of = min(hi, now)  # as the monthly report: the end of the month, or now
    end_day = shanghai_today(now) if hi > now else last_day(year, month)
    [row] = institution_rows(session, actor, inst.district_code, as_of, inst.id)
    admitted, reasons = _movements(session, inst.id, lo, as_of)
    average = _average_stay(session, inst.id, as_of)
    return InstitutionMonth(
        inst.id,
        inst.name,
        inst.district_code,
        year,
        month,
        as_of,
        end_day,
        row.beds - row.out_of_service,
        row.occupied,
        admitted,
        sum(reasons.values()),
        dict(reasons),
        average,
    )


def _whole(days: float) -> int:
    """Days rounded half up (47.5 → 48), as a person rounds."""
    return int(days + 0.5)


def letter_values(m: InstitutionMonth) -> dict[str, Any]:
    """The `beds.*` letter fields (resources/letters/_fields.toml). Letter text is always
    Chinese, whatever the interface language; the rate is rounded as on the board."""
    rate = m.occupancy_rate or 0.0
    return {
        "beds.period": f"{m.year}年{m.month}月",
        "beds.as_of": m.end_day,
        "beds.total": m.beds,
        "beds.occupied": m.occupied,
        "beds.vacant": m.vacant,
        "beds.occupancy_rate": f"{rate:.0%}",
        "beds.admitted": m.admitted,
        "beds.discharged": m.discharged,
        "beds.returned": m.in_category("returned"),
        "beds.fostered": m.in_category("fostered"),
        "beds.referred": m.in_category("referred"),
        "beds.average_stay": _whole(m.average_stay or 0.0),
    }
