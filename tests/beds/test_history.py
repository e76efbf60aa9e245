"""A past day is counted on the inventory of that day, not today's (both DBs): beds added,
taken out of service, retired, and welfare-facility facts changed since leave the past as
it was; the monthly bed-days follow the same history; today's figures are as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.models import Bed, BedStatusChange, Institution, Room, utcnow
from caseworker.services.beds import inventory
from caseworker.services.beds.board import bed_grid, institution_rows
from caseworker.services.beds.inventory import (
    add_bed,
    add_institution,
    add_room,
    delete_bed,
    set_bed_in_service,
    set_institution_facts,
)
from caseworker.services.beds.occupancy import add_months, bed_days, month_bounds, occupancy_on
from caseworker.services.beds.report import monthly_report
from caseworker.services.beds.rules import (
    counts_toward_minimum,
    day_start,
    last_instant,
    shanghai_today,
)
from caseworker.services.beds.summary import DistrictBeds, district_beds
from tests.beds.conftest import Ward
from tests.beds.helpers import CHONGMING, make_cases, make_ward, stay
from tests.support.factories import actor

Clock = Callable[[datetime], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """Run the inventory services at a chosen moment (as if a manager had acted then)."""

    def set_to(when: datetime) -> None:
        monkeypatch.setattr(inventory, "utcnow", lambda: when)

    yield set_to
    monkeypatch.setattr(inventory, "utcnow", utcnow)


def _today() -> date:
    return shanghai_today(utcnow())


def _chongming(session: Session, day: date | None = None) -> DistrictBeds:
    rows = occupancy_on(session, actor(session, "city"), day).districts
    return next(r for r in rows if r.district_code == CHONGMING)


def _figures(row: DistrictBeds) -> tuple[int, int, int]:
    return row.counted, row.occupied, row.uncounted


def _tiles(session: Session, inst_id: int, day: date) -> dict[int, str]:
    grid = bed_grid(session, actor(session, "city"), inst_id, last_instant(day))
    return {t.bed_id: t.state for t in grid.beds}


def test_a_bed_added_today_is_not_counted_yesterday(ward: Ward, demo: Session) -> None:
    manager = actor(demo, "chongming.manager")
    yesterday = _today() - timedelta(days=1)
    then, now = _chongming(demo, yesterday), _chongming(demo)
    bed = add_bed(demo, manager, ward.room.id, "201-5")
    station = add_institution(
        demo,
        manager,
        name="堡镇未成年人保护工作站",
        level="street",
        setting_type="street_station",
        district_code=CHONGMING,
    )
    add_bed(demo, manager, add_room(demo, manager, station.id, "1室").id, "1-1")

    assert _figures(_chongming(demo, yesterday)) == _figures(then)
    assert _chongming(demo).counted == now.counted + 2
    # The drill-down travels too: yesterday's list has neither the new bed nor the station.
    city = actor(demo, "city")
    [row] = institution_rows(demo, city, CHONGMING, last_instant(yesterday), ward.institution.id)
    assert row.beds == 4
    listed = institution_rows(demo, actor(demo, "city"), CHONGMING, last_instant(yesterday))
    assert station.id not in {r.id for r in listed}
    assert station.id in {r.id for r in institution_rows(demo, actor(demo, "city"), CHONGMING)}
    assert bed.id not in _tiles(demo, ward.institution.id, yesterday)


def test_a_bed_out_of_service_last_week_was_not_available_then(
    ward: Ward, demo: Session, clock: Clock
) -> None:
    manager = actor(demo, "chongming.manager")
    today = _today()
    days = {n: today - timedelta(days=n) for n in (10, 5, 1)}
    before = {n: _chongming(demo, d) for n, d in days.items()}
    bed = ward.beds[2]
    clock(day_start(today - timedelta(days=7)))  # out of service a week ago …
    set_bed_in_service(demo, manager, bed.id, False)
    clock(day_start(today - timedelta(days=3)))  # … back in service three days ago
    set_bed_in_service(demo, manager, bed.id, True)

    after = {n: _chongming(demo, d) for n, d in days.items()}
    assert _figures(after[10]) == _figures(before[10])  # in service then
    assert after[5].counted == before[5].counted - 1  # out of service then: not counted …
    assert after[5].uncounted == before[5].uncounted + 1  # … but still in the inventory
    assert _figures(after[1]) == _figures(before[1])
    assert _tiles(demo, ward.institution.id, days[10])[bed.id] == "available"
    assert _tiles(demo, ward.institution.id, days[5])[bed.id] == "out_of_service"
    city = actor(demo, "city")
    [row] = institution_rows(demo, city, CHONGMING, last_instant(days[5]), ward.institution.id)
    assert (row.beds, row.out_of_service, row.counted) == (4, 1, 3)
    changes = demo.scalars(
        select(BedStatusChange)
        .where(BedStatusChange.bed_id == bed.id)
        .order_by(BedStatusChange.changed_at)
    ).all()
    assert [(c.old_status, c.new_status, c.changed_by) for c in changes] == [
        ("in_service", "out_of_service", manager.user_id),
        ("out_of_service", "in_service", manager.user_id),
    ]


def test_a_retired_bed_counts_for_the_days_it_was_there(
    ward: Ward, demo: Session, clock: Clock
) -> None:
    manager = actor(demo, "chongming.manager")
    today = _today()
    b0, b1 = ward.beds[:2]
    days = {n: today - timedelta(days=n) for n in (6, 4, 1)}
    before = {n: _chongming(demo, d) for n, d in days.items()}
    now = _chongming(demo)
    stay(demo, b0, ward.cases[0], day_start(today - timedelta(days=9)),
         day_start(today - timedelta(days=5)), "returned_to_guardian")  # fmt: skip
    demo.commit()
    clock(day_start(today - timedelta(days=3)))
    assert delete_bed(demo, manager, b0.id) is False  # it held a child: retired
    clock(utcnow())
    # Never occupied, but in the inventory on past days (it counted toward the 25): kept.
    assert delete_bed(demo, manager, b1.id) is False

    after = {n: _chongming(demo, d) for n, d in days.items()}
    assert after[6].counted == before[6].counted  # b0 was there, holding a child
    assert after[6].occupied == before[6].occupied + 1
    assert _figures(after[4]) == _figures(before[4])  # b0 there and empty, in service
    # Retired since: neither counted nor listed as "not counted"; b1 still there yesterday.
    assert after[1].counted == before[1].counted - 1
    assert after[1].uncounted == before[1].uncounted
    assert b0.id in _tiles(demo, ward.institution.id, days[4])
    assert set(_tiles(demo, ward.institution.id, days[1])) == {b.id for b in ward.beds[1:]}
    assert _chongming(demo).counted == now.counted - 2
    assert demo.get(Bed, b1.id) is not None


def test_facts_changed_today_leave_yesterday_as_it_was(demo: Session) -> None:
    manager = actor(demo, "chongming.manager")
    yesterday = _today() - timedelta(days=1)
    gaining, _room, gaining_beds = make_ward(
        demo, CHONGMING, beds=3, setting="welfare_facility", zone=True, name="崇明区社会福利院"
    )
    losing, _room, _beds = make_ward(
        demo, CHONGMING, beds=2, setting="welfare_facility", zone=True, staff=True,
        name="崇明区儿童福利院",
    )  # fmt: skip
    demo.commit()
    then, now = _chongming(demo, yesterday), _chongming(demo)
    set_institution_facts(demo, manager, gaining.id, independent_zone=True, dedicated_staff=True)
    set_institution_facts(demo, manager, losing.id, independent_zone=False, dedicated_staff=True)

    assert _figures(_chongming(demo, yesterday)) == _figures(then)
    assert _chongming(demo).counted == now.counted + 3 - 2
    rows = {
        r.id: r
        for r in institution_rows(demo, actor(demo, "city"), CHONGMING, last_instant(yesterday))
    }
    assert rows[gaining.id].counts is False and rows[gaining.id].dedicated_staff is False
    assert rows[losing.id].counts is True and rows[losing.id].independent_zone is True
    grid = bed_grid(demo, actor(demo, "city"), gaining.id, last_instant(yesterday))
    assert {t.bed_id for t in grid.beds if not t.counts} == {b.id for b in gaining_beds}
    assert all(t.counts for t in bed_grid(demo, actor(demo, "city"), gaining.id).beds)


def test_monthly_bed_days_follow_the_history(ward: Ward, demo: Session, clock: Clock) -> None:
    """Two months ago, in 崇明: a bed added on day 11, one out of service from day 21, one
    retired on day 6, a welfare facility's three beds counting from day 16."""
    manager, city = actor(demo, "chongming.manager"), actor(demo, "city")
    today = _today()
    year, month = add_months(today.year, today.month, -2)
    lo, hi = month_bounds(year, month)
    days = round((hi - lo).total_seconds() / 86400)
    first = date(year, month, 1)

    def on(day: int) -> datetime:  # the start of a day of the month (Shanghai)
        return day_start(first + timedelta(days=day - 1))

    facility, _room, _fbeds = make_ward(
        demo, CHONGMING, beds=3, setting="welfare_facility", zone=True, name="崇明区社会福利院"
    )
    demo.commit()
    before = bed_days(demo, city, [(year, month)], CHONGMING)[(CHONGMING, year, month)]
    report_before = monthly_report(demo, city, year, month)
    earlier = add_months(year, month, -1)
    earlier_before = bed_days(demo, city, [earlier], CHONGMING)

    clock(on(6))
    delete_bed(demo, manager, ward.beds[0].id)
    clock(on(11))
    added = add_bed(demo, manager, ward.room.id, "201-5")
    clock(on(16))
    set_institution_facts(demo, manager, facility.id, independent_zone=True, dedicated_staff=True)
    clock(on(21))
    set_bed_in_service(demo, manager, ward.beds[1].id, False)
    clock(utcnow())
    case = make_cases(demo, CHONGMING, 1)[0]
    stay(demo, added, case, on(12), on(14), "returned_to_guardian")
    demo.commit()

    after = bed_days(demo, city, [(year, month)], CHONGMING)[(CHONGMING, year, month)]
    expected = (days - 10) - (days - 5) - (days - 20) + 3 * (days - 15)
    assert after.bed_days - before.bed_days == pytest.approx(expected)
    assert after.occupied_days - before.occupied_days == pytest.approx(2)
    # The report gives the same bed-days, counts the admission, and ends the month on the
    # inventory of its last day.
    [old] = [d for d in report_before.districts if d.end.district_code == CHONGMING]
    [new] = [
        d for d in monthly_report(demo, city, year, month).districts
        if d.end.district_code == CHONGMING
    ]  # fmt: skip
    assert new.bed_days == pytest.approx(after.bed_days)
    assert (new.admissions, new.discharges) == (old.admissions + 1, old.discharges + 1)
    assert new.end.counted == old.end.counted + 1 - 1 - 1 + 3
    # The month before had none of it.
    assert bed_days(demo, city, [earlier], CHONGMING) == earlier_before


def test_todays_figures_are_the_inventory_as_it_is(ward: Ward, demo: Session, clock: Clock) -> None:
    """Whatever the history, the live board counts today's rows, and a moment just past
    (through the history) gives the same figures when nothing changed since."""
    manager, city = actor(demo, "chongming.manager"), actor(demo, "city")
    today = _today()
    clock(day_start(today - timedelta(days=20)))
    set_bed_in_service(demo, manager, ward.beds[0].id, False)
    clock(day_start(today - timedelta(days=10)))
    delete_bed(demo, manager, ward.beds[1].id)
    clock(utcnow())
    add_bed(demo, manager, ward.room.id, "201-5")
    live = district_beds(demo, city)
    just_past = district_beds(demo, city, utcnow() - timedelta(milliseconds=1))
    assert [(d.district_code, *_figures(d)) for d in live] == [
        (d.district_code, *_figures(d)) for d in just_past
    ]
    counted_now = demo.scalar(
        select(func.count(Bed.id))
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
        .where(Institution.district_code == CHONGMING, counts_toward_minimum())
    )
    assert _chongming(demo).counted == counted_now
