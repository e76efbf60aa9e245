"""The inventory: what counts toward 25, bed status, deleting, reserving (both DBs)."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from caseworker.i18n import _
from caseworker.models import Bed, Institution, Room
from caseworker.services.beds.access import PlacementRefused, mask_name
from caseworker.services.beds.inventory import (
    add_bed,
    add_institution,
    add_room,
    delete_bed,
    reserve_bed,
    set_bed_in_service,
    set_institution_facts,
)
from caseworker.services.beds.placements import admit, discharge
from caseworker.services.beds.rules import (
    LEVEL_SETTINGS,
    bed_verdict,
    counts_toward_minimum,
)
from caseworker.services.beds.summary import district_beds
from caseworker.services.errors import AccessDenied, ValidationError
from tests.beds.helpers import CHONGMING, chinese
from tests.support.factories import actor


def _chongming(demo, who: str = "city"):  # type: ignore[no-untyped-def]
    [row] = [d for d in district_beds(demo, actor(demo, who)) if d.district_code == CHONGMING]
    return row


def test_the_sql_rule_and_the_explained_rule_agree(demo) -> None:  # type: ignore[no-untyped-def]
    """Every kind of institution × both facts × every bed status, counted in SQL and
    explained in Python: the same answer."""
    combos = []
    for level, settings in LEVEL_SETTINGS.items():
        for setting, zone, staff, status in itertools.product(
            settings, (False, True), (False, True), ("in_service", "out_of_service", "retired")
        ):
            inst = Institution(
                name="x",
                level=level,
                setting_type=setting,
                district_code=None if level == "city" else CHONGMING,
                independent_zone=zone,
                dedicated_staff=staff,
            )
            bed = Bed(room=Room(institution=inst, name="r"), label="b", status=status)
            demo.add(bed)
            combos.append((bed, (level, setting, zone, staff, status)))
    demo.flush()
    in_sql = set(
        demo.scalars(
            select(Bed.id)
            .join(Room, Room.id == Bed.room_id)
            .join(Institution, Institution.id == Room.institution_id)
            .where(counts_toward_minimum())
        )
    )
    for bed, facts in combos:
        assert (bed.id in in_sql) == bed_verdict(*facts).counts, facts
    welfare = [f for b, f in combos if f[1] == "welfare_facility" and b.id in in_sql]
    assert welfare == [("district", "welfare_facility", True, True, "in_service")]
    demo.rollback()


def test_a_welfare_facility_counts_only_with_both_facts(demo) -> None:  # type: ignore[no-untyped-def]
    manager = actor(demo, "chongming.manager")
    before = _chongming(demo).counted
    inst = add_institution(
        demo,
        manager,
        name="崇明区社会福利院（测试）",
        level="district",
        setting_type="welfare_facility",
        district_code=CHONGMING,
        independent_zone=True,
    )
    room = add_room(demo, manager, inst.id, "301室")
    for label in ("301-1", "301-2", "301-3"):
        add_bed(demo, manager, room.id, label)
    assert _chongming(demo).counted == before
    assert _chongming(demo).uncounted >= 3
    set_institution_facts(demo, manager, inst.id, independent_zone=True, dedicated_staff=True)
    assert _chongming(demo).counted == before + 3


def test_only_managers_keep_the_inventory(demo) -> None:  # type: ignore[no-untyped-def]
    for who in ("chongming.sw1", "chongming.staff", "pudong.manager", "admin"):
        with pytest.raises(AccessDenied):
            add_institution(
                demo,
                actor(demo, who),
                name="x",
                level="street",
                setting_type="street_station",
                district_code=CHONGMING,
            )
    manager = actor(demo, "chongming.manager")
    with pytest.raises(AccessDenied):  # the city-level centre is the city's
        add_institution(
            demo,
            manager,
            name="x",
            level="city",
            setting_type="protection_institution",
            district_code=None,
        )
    with pytest.raises(ValidationError):
        add_institution(
            demo,
            manager,
            name="x",
            level="street",
            setting_type="welfare_facility",
            district_code=CHONGMING,
        )


def test_an_occupied_bed_cannot_be_taken_out_of_service_or_deleted(ward, demo) -> None:  # type: ignore[no-untyped-def]
    manager = actor(demo, "chongming.manager")
    bed = ward.beds[0]
    p = admit(demo, actor(demo, "chongming.sw1"), bed.id, ward.cases[0].id)
    for attempt in (
        lambda: set_bed_in_service(demo, manager, bed.id, False),
        lambda: delete_bed(demo, manager, bed.id),
    ):
        with pytest.raises(PlacementRefused) as info:
            attempt()
        assert info.value.rule == "bed_occupied"
        message = info.value.message
        assert message == _("A child is in this bed: discharge or transfer the child first.")
        assert chinese(message)
    demo.refresh(bed)
    assert bed.status == "in_service"
    discharge(demo, manager, p.id, "returned_to_guardian")
    counted = _chongming(demo).counted
    set_bed_in_service(demo, manager, bed.id, False)
    assert _chongming(demo).counted == counted - 1
    set_bed_in_service(demo, manager, bed.id, True)
    # A bed with a history is retired, not deleted: one that held a child, and an empty one
    # that was in the inventory on past days (it counted toward the 25 then). Only a bed
    # added today (by mistake) really goes.
    assert delete_bed(demo, manager, bed.id) is False
    assert demo.get(Bed, bed.id).status == "retired"
    assert delete_bed(demo, manager, ward.beds[1].id) is False
    assert demo.get(Bed, ward.beds[1].id).status == "retired"
    typo = add_bed(demo, manager, ward.room.id, "201-99")
    set_bed_in_service(demo, manager, typo.id, False)  # its change goes with it
    assert delete_bed(demo, manager, typo.id) is True
    assert demo.get(Bed, typo.id) is None
    assert _chongming(demo).counted == counted - 2
    with pytest.raises(AccessDenied):
        delete_bed(demo, actor(demo, "chongming.sw1"), ward.beds[2].id)


def test_a_reserved_bed_is_held_for_its_case(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw, manager = actor(demo, "chongming.sw1"), actor(demo, "chongming.manager")
    b0, b1 = ward.beds[:2]
    c0 = ward.cases[0]
    before = _chongming(demo)
    reserve_bed(demo, sw, b0.id, c0.id)
    after = _chongming(demo)
    assert (after.reserved, after.free) == (before.reserved + 1, before.free - 1)
    with pytest.raises(PlacementRefused) as info:
        set_bed_in_service(demo, manager, b0.id, False)
    assert info.value.rule == "bed_reserved"
    reserve_bed(demo, sw, b1.id, c0.id)  # a case holds one bed: the first is released
    demo.refresh(b0)
    assert b0.reserved_for_case_id is None
    reserve_bed(demo, sw, b1.id, None)
    demo.refresh(b1)
    assert b1.reserved_for_case_id is None and _chongming(demo).reserved == before.reserved


def test_names_are_masked_keeping_surname_and_last_character() -> None:
    assert [mask_name(n) for n in ("王子涵", "王涵", "欧阳子涵", "李")] == [
        "王*涵",
        "王*",
        "欧**涵",
        "李",
    ]
