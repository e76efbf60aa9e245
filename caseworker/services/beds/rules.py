"""Which care beds count toward a district's 25 (沪府规〔2022〕4号 §四(二)), and why.

The clause lives here twice on purpose: as a Python function that explains one bed to a
person, and as SQL expressions that count thousands of beds in one query. A test checks
that both agree on every combination of facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from caseworker.i18n import N_
from caseworker.models import Bed, Institution

MINIMUM_BEDS = 25
CLAUSE = "沪府规〔2022〕4号 §四(二)"

IN_SERVICE, OUT_OF_SERVICE, RETIRED = "in_service", "out_of_service", "retired"
# Where a bed may sit: level and setting type (DOMAIN §5).
LEVEL_SETTINGS = {
    "city": ("protection_institution",),
    "district": ("protection_institution", "welfare_facility"),
    "street": ("street_station",),
}
SETTING_LABELS = {
    "protection_institution": N_("Protection institution"),
    "welfare_facility": N_("Welfare facility"),
    "street_station": N_("Street protection station"),
}
LEVEL_LABELS = {"city": N_("City level"), "district": N_("District level"), "street": N_("Street")}

# China has kept UTC+8 without daylight saving since 1991: a fixed offset needs no tzdata
# (which Windows lacks).
SHANGHAI = timezone(timedelta(hours=8), "CST")


@dataclass(frozen=True)
class Verdict:
    counts: bool
    why: str  # an English msgid; translate with gettext when shown


def institution_verdict(
    level: str, setting_type: str, independent_zone: bool, dedicated_staff: bool
) -> Verdict:
    """Whether the beds of an institution count toward its district's minimum, and why."""
    if level == "city":
        return Verdict(False, N_("City-level institution: it serves the whole city."))
    if setting_type == "protection_institution":
        return Verdict(True, N_("District protection institution."))
    if setting_type == "street_station":
        return Verdict(True, N_("Street protection station."))
    if setting_type == "welfare_facility":
        if independent_zone and dedicated_staff:
            return Verdict(
                True, N_("Welfare facility with an independent zone and dedicated staff.")
            )
        if not independent_zone and not dedicated_staff:
            return Verdict(
                False, N_("Welfare facility without an independent zone or dedicated staff.")
            )
        if not independent_zone:
            return Verdict(False, N_("Welfare facility without an independent zone."))
        return Verdict(False, N_("Welfare facility without dedicated staff."))
    return Verdict(False, N_("Unknown kind of institution."))


def bed_verdict(
    level: str, setting_type: str, independent_zone: bool, dedicated_staff: bool, status: str
) -> Verdict:
    """An institution's verdict, unless the bed itself is out of service or removed."""
    if status == OUT_OF_SERVICE:
        return Verdict(False, N_("Out of service."))
    if status != IN_SERVICE:
        return Verdict(False, N_("Removed from the inventory."))
    return institution_verdict(level, setting_type, independent_zone, dedicated_staff)


def institution_qualifies(
    *,
    independent_zone: ColumnElement[bool] | None = None,
    dedicated_staff: ColumnElement[bool] | None = None,
) -> ColumnElement[bool]:
    """SQL twin of `institution_verdict(...).counts`, on the institution's facts as they
    are now or, given, as they were at a moment (`inventory_history.facts_at`)."""
    zone = Institution.independent_zone if independent_zone is None else independent_zone
    staff = Institution.dedicated_staff if dedicated_staff is None else dedicated_staff
    return and_(
        Institution.level != "city",
        or_(
            Institution.setting_type.in_(("protection_institution", "street_station")),
            and_(
                Institution.setting_type == "welfare_facility",
                zone.is_(True),
                staff.is_(True),
            ),
        ),
    )


def may_ever_qualify() -> ColumnElement[bool]:
    """Institutions whose beds count, or would with the right facts: every one but the
    city level. A past moment needs them all (their facts may have been otherwise)."""
    return Institution.level != "city"


def counts_toward_minimum() -> ColumnElement[bool]:
    """SQL twin of `bed_verdict(...).counts`."""
    return and_(institution_qualifies(), Bed.status == IN_SERVICE)


def day_end(day: date) -> datetime:
    """The end of a Shanghai calendar day as an aware UTC instant (occupancy 'on' a day)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI).astimezone(UTC)


def last_instant(day: date) -> datetime:
    """The head-count moment of a day: its last microsecond, so that a child admitted at
    midnight belongs to the next day and one discharged at midnight to this one."""
    return day_end(day) - timedelta(microseconds=1)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI).astimezone(UTC)


def shanghai_today(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()
