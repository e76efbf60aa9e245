"""Builders for the bed report's tests: beds in an existing institution and a month of stays
written as the placement services would have written them (at chosen times)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from caseworker.models import Bed, Institution, Room
from caseworker.services.beds.occupancy import month_bounds
from tests.beds.helpers import make_cases, make_ward, stay

PUDONG = "310115"


def room_of_beds(session: Session, inst: Institution, n: int, name: str = "901室") -> list[Bed]:
    """n empty beds in a new room of an existing institution (setup, not a use case)."""
    room = Room(institution_id=inst.id, name=name)
    beds = [Bed(room=room, label=f"{name[:3]}-{i + 1}", status="in_service") for i in range(n)]
    session.add_all([room, *beds])
    session.flush()
    return beds


def month_of_stays(s: Session, centre: Institution, year: int, month: int) -> Institution:
    """Stays in and around a month, in the centre (Pudong's) and in a new street station of
    Pudong; returns the station. In the centre: 4 admissions, 4 discharges (one per reason
    kind: returned, kinship/foster, referral, adulthood), one transfer inside it and one out
    to the station (neither counts), one child still there at the end. In the station: one
    admission (then a transfer inside it), one child transferred in; both still there."""
    lo, _hi = month_bounds(year, month)
    day = timedelta(days=1)
    beds = room_of_beds(s, centre, 8, "902室")
    station, _room, there = make_ward(
        s, PUDONG, beds=3, level="street", setting="street_station", name="塘桥街道未成年人保护工作站"
    )  # fmt: skip
    c = make_cases(s, PUDONG, 8, stage="temporary_guardianship")
    stay(s, beds[0], c[0], lo + 2 * day, lo + 10 * day, "returned_to_guardian")
    stay(s, beds[1], c[1], lo + 3 * day, lo + 5 * day, "transfer")  # moved inside the centre
    stay(s, beds[2], c[1], lo + 5 * day, lo + 20 * day, "kinship_or_foster_care: 外祖母")
    stay(s, beds[3], c[2], lo - 10 * day, lo + 15 * day, "referred_to_hukou_place")
    stay(s, beds[4], c[3], lo + 6 * day, None)  # still there at the end
    stay(s, beds[5], c[4], lo - 40 * day, lo + 8 * day, "transfer")  # to the station
    stay(s, there[0], c[4], lo + 8 * day, None)
    stay(s, beds[6], c[5], lo + 1 * day, lo + 12 * day, "reached_adulthood")
    stay(s, there[1], c[6], lo + 25 * day, lo + 27 * day, "transfer")  # inside the station
    stay(s, there[2], c[6], lo + 27 * day, None)
    stay(s, beds[7], c[7], lo + 40 * day, None)  # after the month: not in it
    s.commit()
    return station
