"""Admit, transfer, discharge: the rules, who may, and what the history keeps (both DBs)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from caseworker.i18n import _
from caseworker.models import AuditEvent, Placement
from caseworker.services.beds.access import PlacementRefused
from caseworker.services.beds.inventory import reserve_bed, set_bed_in_service
from caseworker.services.beds.placements import admit, discharge, discharge_reason_label, transfer
from caseworker.services.errors import AccessDenied, ValidationError
from caseworker.services.reference.labels import stage_label
from tests.beds.helpers import CHONGMING, chinese, make_cases, make_ward
from tests.support.factories import actor


def test_a_social_worker_admits_a_child_and_the_audit_says_so(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    bed, case = ward.beds[0], ward.cases[0]
    p = admit(demo, sw, bed.id, case.id)
    assert (p.bed_id, p.case_id, p.child_id, p.discharged_at) == (
        bed.id,
        case.id,
        case.child_id,
        None,
    )
    assert p.admitted_by == sw.user_id and p.admitted_at.tzinfo is not None
    event = demo.scalars(select(AuditEvent).where(AuditEvent.action == "placement.admit")).one()
    assert (event.entity_id, event.district_code, event.username) == (p.id, CHONGMING, sw.username)
    assert json.loads(event.detail)["case_id"] == case.id


@pytest.mark.parametrize("username", ["chongming.staff", "chongming.manager", "city"])
def test_staff_managers_and_city_may_admit(ward, demo, username) -> None:  # type: ignore[no-untyped-def]
    admit(demo, actor(demo, username), ward.beds[0].id, ward.cases[0].id)


def test_admin_and_other_districts_may_not(ward, demo) -> None:  # type: ignore[no-untyped-def]
    for username in ("admin", "pudong.sw1", "pudong.manager"):
        with pytest.raises(AccessDenied):
            admit(demo, actor(demo, username), ward.beds[0].id, ward.cases[0].id)
    assert demo.scalars(select(Placement).where(Placement.bed_id == ward.beds[0].id)).all() == []
    # A missing bed looks like a foreign one to a district user: no probing by id.
    with pytest.raises(AccessDenied):
        admit(demo, actor(demo, "chongming.sw1"), 10**6, ward.cases[0].id)


def _refusal(demo, bed_id: int, case_id: int) -> PlacementRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(PlacementRefused) as info:
        admit(demo, actor(demo, "chongming.sw1"), bed_id, case_id)
    return info.value


def test_each_refused_admit_names_its_rule(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    manager = actor(demo, "chongming.manager")
    b0, b1, b2, b3 = ward.beds
    c0, c1, c2 = ward.cases[:3]
    admit(demo, sw, b0.id, c0.id)

    refused = _refusal(demo, b0.id, c1.id)
    assert refused.rule == "bed_occupied"
    assert refused.message == _("This bed is already occupied.") and chinese(refused.message)

    assert _refusal(demo, b1.id, c0.id).rule == "child_placed"
    assert "测试未成年人保护中心 201室 201-1" in _refusal(demo, b1.id, c0.id).message

    set_bed_in_service(demo, manager, b1.id, False)
    assert _refusal(demo, b1.id, c1.id).rule == "bed_out_of_service"

    reserve_bed(demo, sw, b2.id, c2.id)
    refused = _refusal(demo, b2.id, c1.id)
    assert refused.rule == "bed_reserved" and c2.case_number in refused.message

    (support,) = make_cases(demo, CHONGMING, 1, stage="support")
    demo.commit()
    refused = _refusal(demo, b3.id, support.id)
    assert refused.rule == "case_stage" and stage_label("support") in refused.message
    # Nothing half-written by the refusals: the one stay is the first admission.
    ours = select(Placement).where(Placement.bed_id.in_([b.id for b in ward.beds]))
    assert [(p.bed_id, p.case_id) for p in demo.scalars(ours)] == [(b0.id, c0.id)]
    # The reserved case takes its bed, and the reservation is used up.
    admit(demo, sw, b2.id, c2.id)
    demo.refresh(b2)
    assert b2.reserved_for_case_id is None


def test_temporary_guardianship_cases_are_admitted_too(ward, demo) -> None:  # type: ignore[no-untyped-def]
    (tg,) = make_cases(demo, CHONGMING, 1, stage="temporary_guardianship")
    demo.commit()
    admit(demo, actor(demo, "chongming.sw1"), ward.beds[0].id, tg.id)


def test_transfer_moves_the_child_without_a_gap(ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    first = admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    moved = transfer(demo, sw, first.id, ward.beds[1].id)
    demo.refresh(first)
    assert first.discharged_at == moved.admitted_at
    assert first.discharge_reason == "transfer" and moved.discharged_at is None
    assert discharge_reason_label(first.discharge_reason) == _("Transferred to another bed")
    # Institution to institution, here into a street station of the same district.
    _inst, _room, (street_bed,) = make_ward(
        demo, CHONGMING, beds=1, level="street", setting="street_station", name="测试工作站"
    )
    demo.commit()
    again = transfer(demo, sw, moved.id, street_bed.id)
    stays = demo.scalars(
        select(Placement).where(Placement.case_id == ward.cases[0].id).order_by(Placement.id)
    ).all()
    assert [s.bed_id for s in stays] == [ward.beds[0].id, ward.beds[1].id, street_bed.id]
    assert [s.discharged_at is None for s in stays] == [False, False, True]
    assert again.id == stays[-1].id
    # Transferring from a stay that has ended is refused, as is a move into the same bed.
    with pytest.raises(PlacementRefused) as info:
        transfer(demo, sw, first.id, ward.beds[2].id)
    assert info.value.rule == "placement_ended"
    with pytest.raises(PlacementRefused) as info:
        transfer(demo, sw, again.id, street_bed.id)
    assert info.value.rule == "same_bed"
    admit(demo, sw, ward.beds[2].id, ward.cases[1].id)
    with pytest.raises(PlacementRefused) as info:
        transfer(demo, sw, again.id, ward.beds[2].id)
    assert info.value.rule == "bed_occupied"


def test_transfer_to_the_city_centre_is_for_city_staff(ward, demo) -> None:  # type: ignore[no-untyped-def]
    _i, _r, (city_bed,) = make_ward(demo, None, beds=1, level="city", name="市中心")
    demo.commit()
    sw, city = actor(demo, "chongming.sw1"), actor(demo, "city")
    p = admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    with pytest.raises(AccessDenied):
        transfer(demo, sw, p.id, city_bed.id)
    moved = transfer(demo, city, p.id, city_bed.id)
    assert moved.bed_id == city_bed.id


def test_discharge_needs_a_reason_and_ends_the_stay_once(ward, demo) -> None:  # type: ignore[no-untyped-def]
    staff = actor(demo, "chongming.staff")
    p = admit(demo, staff, ward.beds[0].id, ward.cases[0].id)
    with pytest.raises(ValidationError):
        discharge(demo, staff, p.id, "")
    with pytest.raises(ValidationError) as info:
        discharge(demo, staff, p.id, "other")
    assert info.value.field == "note"
    done = discharge(demo, staff, p.id, "returned_to_guardian", "父亲接回")
    assert done.discharged_at is not None and done.discharged_by == staff.user_id
    assert done.discharge_reason == "returned_to_guardian: 父亲接回"
    label = discharge_reason_label(done.discharge_reason)
    assert label == _("Returned to the guardian") + ": 父亲接回" and chinese(label)
    with pytest.raises(PlacementRefused) as refused:
        discharge(demo, staff, p.id, "returned_to_guardian")
    assert refused.value.rule == "placement_ended"
    # The bed is free again; the child may come back later.
    admit(demo, staff, ward.beds[0].id, ward.cases[0].id)
    with pytest.raises(AccessDenied):
        discharge(demo, actor(demo, "pudong.sw1"), p.id, "returned_to_guardian")


def test_the_unique_indexes_are_the_last_word(ward, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Should a check ever miss (a second case of the same child, a bug), the partial
    unique indexes refuse the stay, and the refusal still names the rule."""
    from caseworker.services.beds import placements

    sw = actor(demo, "chongming.sw1")
    admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    monkeypatch.setattr(placements, "open_placement_of_child", lambda *_a: None)
    monkeypatch.setattr(placements, "open_placement_of_bed", lambda *_a: None)
    with pytest.raises(PlacementRefused) as info:
        admit(demo, sw, ward.beds[1].id, ward.cases[0].id)
    assert info.value.rule == "child_placed"
    with pytest.raises(PlacementRefused) as info:
        admit(demo, sw, ward.beds[0].id, ward.cases[1].id)
    assert info.value.rule == "bed_occupied"
    ours = select(Placement).where(Placement.bed_id.in_([b.id for b in ward.beds]))
    assert [(p.bed_id, p.case_id) for p in demo.scalars(ours)] == [
        (ward.beds[0].id, ward.cases[0].id)
    ]
