"""The board's figures today and on past days, the bed grid, masking (both DBs)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.i18n import _
from caseworker.models import AuditEvent, Bed, utcnow
from caseworker.services.beds.board import bed_grid, institution_rows
from caseworker.services.beds.choices import admittable_cases, free_beds
from caseworker.services.beds.inventory import reserve_bed, set_bed_in_service
from caseworker.services.beds.occupancy import add_months, monthly_trend, occupancy_on
from caseworker.services.beds.placements import admit
from caseworker.services.beds.rules import day_end, day_start, last_instant, shanghai_today
from caseworker.services.beds.summary import district_beds
from caseworker.services.errors import AccessDenied
from tests.beds.helpers import CHONGMING, chinese, stay
from tests.support.factories import actor


def _row(rows, code=CHONGMING):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.district_code == code)


def test_today_counts_occupied_reserved_and_free(ward, demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    before = _row(district_beds(demo, city))
    sw = actor(demo, "chongming.sw1")
    admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    reserve_bed(demo, sw, ward.beds[1].id, ward.cases[1].id)
    set_bed_in_service(demo, actor(demo, "chongming.manager"), ward.beds[2].id, False)
    after = _row(district_beds(demo, city))
    assert after.counted == before.counted - 1
    assert after.occupied == before.occupied + 1
    assert after.reserved == before.reserved + 1
    assert after.free == before.free - 3
    assert after.counted == after.occupied + after.reserved + after.free
    assert after.occupancy_rate == pytest.approx(after.occupied / after.counted)


def test_each_role_sees_its_districts_and_admin_none(demo) -> None:  # type: ignore[no-untyped-def]
    assert len(district_beds(demo, actor(demo, "city"))) == 16
    assert [r.district for r in district_beds(demo, actor(demo, "chongming.staff"))] == ["崇明区"]
    with pytest.raises(AccessDenied):
        district_beds(demo, actor(demo, "admin"))


def test_any_past_day_comes_from_the_placement_history(ward, demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    day = shanghai_today(utcnow()) - timedelta(days=7)
    base = _row(occupancy_on(demo, city, day).districts)
    b0, b1, b2, b3 = ward.beds
    c0, c1, c2, c3 = ward.cases[:4]
    stay(demo, b0, c0, day_start(day - timedelta(days=3)), day_start(day + timedelta(days=2)))
    stay(demo, b1, c1, day_start(day + timedelta(days=1)), None)  # came after
    stay(demo, b2, c2, day_start(day - timedelta(days=5)), day_end(day))  # left at midnight
    stay(demo, b3, c3, day_start(day - timedelta(days=1)), day_start(day + timedelta(days=2)))
    b3.status = "retired"  # removed since, but it held a child that day
    demo.commit()
    then = _row(occupancy_on(demo, city, day).districts)
    assert then.occupied == base.occupied + 3  # b0, b2 and b3
    assert then.counted == base.counted  # b3 still counts that day, being occupied
    assert then.reserved == 0
    today = _row(district_beds(demo, city))
    assert today.counted == base.counted - 1
    # The grid travels too: who was in which bed that night.
    grid = bed_grid(demo, city, ward.institution.id, last_instant(day))
    states = {t.label: (t.state, t.case_number) for t in grid.beds}
    assert states["201-1"] == ("occupied", c0.case_number)
    assert states["201-2"][0] == "available"
    assert states["201-3"] == ("occupied", c2.case_number)
    assert states["201-4"] == ("occupied", c3.case_number)
    now_grid = bed_grid(demo, city, ward.institution.id)
    assert [t.label for t in now_grid.beds] == ["201-1", "201-2", "201-3"]  # 201-4 retired


def test_monthly_occupancy_is_bed_days(ward, demo) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    today = shanghai_today(utcnow())
    year, month = add_months(today.year, today.month, -2)
    before = monthly_trend(demo, city, 3, today, CHONGMING)
    first = today.replace(year=year, month=month, day=1)
    stay(demo, ward.beds[0], ward.cases[0], day_start(first), day_start(first + timedelta(days=10)))
    # A stay reaching into the month from before counts only inside it.
    stay(
        demo,
        ward.beds[1],
        ward.cases[1],
        day_start(first - timedelta(days=5)),
        day_start(first + timedelta(days=2)),
    )
    demo.commit()
    after = monthly_trend(demo, city, 3, today, CHONGMING)
    assert [(p.year, p.month) for p in after][0] == (year, month)
    assert after[0].occupied_days - before[0].occupied_days == pytest.approx(12.0)
    assert after[0].bed_days == pytest.approx(before[0].bed_days)
    assert after[1].occupied_days == pytest.approx(before[1].occupied_days)
    assert 0 < after[0].rate < 1


def test_the_grid_masks_names_for_staff_and_records_the_view(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    reserve_bed(demo, sw, ward.beds[1].id, ward.cases[1].id)
    set_bed_in_service(demo, actor(demo, "chongming.manager"), ward.beds[2].id, False)
    full = bed_grid(demo, sw, ward.institution.id)
    masked = bed_grid(demo, actor(demo, "chongming.staff"), ward.institution.id)
    assert [t.state for t in full.beds] == ["occupied", "reserved", "out_of_service", "available"]
    assert (full.beds[0].child, masked.beds[0].child) == ("王子涵", "王*涵")
    assert full.beds[0].id_number.startswith("990000201506")
    assert "********" in masked.beds[0].id_number
    assert full.beds[0].case_number == ward.cases[0].case_number
    assert full.beds[0].since is not None
    assert full.beds[1].reserved_for == ward.cases[1].case_number
    assert full.beds[0].why == _("District protection institution.") and full.beds[0].counts
    assert full.beds[2].why == _("Out of service.") and not full.beds[2].counts
    assert chinese(full.beds[0].why)
    assert (full.institution.beds, full.institution.occupied, full.institution.free) == (4, 1, 1)
    views = demo.scalars(select(AuditEvent).where(AuditEvent.action == "beds.grid")).all()
    assert len(views) == 2 and views[0].entity_id == ward.institution.id
    with pytest.raises(AccessDenied):
        bed_grid(demo, actor(demo, "pudong.manager"), ward.institution.id)
    with pytest.raises(AccessDenied):
        bed_grid(demo, actor(demo, "admin"), ward.institution.id)


def test_institutions_say_why_they_count_or_not(ward, demo) -> None:  # type: ignore[no-untyped-def]
    rows = institution_rows(demo, actor(demo, "city"), CHONGMING)
    ours = next(r for r in rows if r.id == ward.institution.id)
    assert ours.counts and ours.counted == 4
    city_rows = institution_rows(demo, actor(demo, "city"), None)
    assert city_rows and not city_rows[0].counts
    assert city_rows[0].why == _("City-level institution: it serves the whole city.")
    with pytest.raises(AccessDenied):
        institution_rows(demo, actor(demo, "chongming.manager"), None)


def test_dialog_choices_offer_free_beds_and_unplaced_cases(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    reserve_bed(demo, sw, ward.beds[1].id, ward.cases[1].id)
    choices = admittable_cases(demo, sw, CHONGMING, bed_id=ward.beds[1].id)
    numbers = [c.case_number for c in choices]
    assert ward.cases[0].case_number not in numbers  # already in a bed
    assert numbers[0] == ward.cases[1].case_number and choices[0].reserved_here
    beds = {b.bed_id for b in free_beds(demo, sw)}
    assert ward.beds[0].id not in beds and ward.beds[1].id not in beds
    assert ward.beds[2].id in beds
    assert ward.beds[1].id in {b.bed_id for b in free_beds(demo, sw, ward.cases[1].id)}
    assert demo.scalar(select(Bed.id).where(Bed.id.in_(beds)).limit(1)) is not None
