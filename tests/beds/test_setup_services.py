"""Names the inventory services keep: trimmed, not empty, and no longer than their column
(PostgreSQL would refuse a longer one with a database error, not a message). Both DBs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.models import Bed, Institution, Room
from caseworker.services.beds.inventory import add_bed, add_institution, add_room
from caseworker.services.errors import ValidationError
from tests.beds.helpers import CHONGMING, chinese
from tests.support.factories import actor


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_too_long_names_are_refused_with_their_field(ward, demo) -> None:  # type: ignore[no-untyped-def]
    manager = actor(demo, "chongming.manager")
    before = (_count(demo, Institution), _count(demo, Room), _count(demo, Bed))
    attempts = [
        (
            "name",
            lambda: add_institution(
                demo,
                manager,
                name="崇" * 101,
                level="district",
                setting_type="protection_institution",
                district_code=CHONGMING,
            ),
        ),
        ("name", lambda: add_room(demo, manager, ward.institution.id, "房" * 41)),
        ("label", lambda: add_bed(demo, manager, ward.room.id, "1" * 21)),
        ("label", lambda: add_bed(demo, manager, ward.room.id, "  ")),
    ]
    for field, attempt in attempts:
        with pytest.raises(ValidationError) as info:
            attempt()
        assert list(info.value.errors) == [field] and chinese(info.value.message)
    assert (_count(demo, Institution), _count(demo, Room), _count(demo, Bed)) == before


def test_names_that_fit_are_kept_trimmed(ward, demo) -> None:  # type: ignore[no-untyped-def]
    manager = actor(demo, "chongming.manager")
    inst = add_institution(
        demo,
        manager,
        name=" " + "崇" * 100 + " ",
        level="street",
        setting_type="street_station",
        district_code=CHONGMING,
    )
    room = add_room(demo, manager, inst.id, "房" * 40)
    bed = add_bed(demo, manager, room.id, "1" * 20)
    demo.expire_all()
    assert len(demo.get(Institution, inst.id).name) == 100
    assert demo.get(Room, room.id).name == "房" * 40
    assert demo.get(Bed, bed.id).label == "1" * 20
