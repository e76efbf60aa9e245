"""Revision 0008 on a database that already has an inventory: the history is recovered from
the audit trail, and what the trail does not cover is read as the board showed it before
(both DBs)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from caseworker.models import Bed, BedStatusChange, Institution, InstitutionFactChange, utcnow
from caseworker.services.audit import trail as audit
from caseworker.services.beds import inventory
from caseworker.services.beds.inventory import (
    add_bed,
    add_institution,
    add_room,
    delete_bed,
    set_bed_in_service,
    set_institution_facts,
)
from caseworker.services.beds.rules import day_start, shanghai_today
from caseworker.storage import migrate as schema
from tests.beds.conftest import Ward
from tests.beds.helpers import CHONGMING, stay
from tests.support.factories import actor


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The services and their audit events at a chosen moment."""

    def set_to(when: datetime) -> None:
        monkeypatch.setattr(inventory, "utcnow", lambda: when)
        monkeypatch.setattr(audit, "utcnow", lambda: when)

    yield set_to
    monkeypatch.setattr(inventory, "utcnow", utcnow)
    monkeypatch.setattr(audit, "utcnow", utcnow)


def _history(session: Session, beds: list[int], institutions: list[int]) -> dict[str, Any]:
    """What the database says of the history of some beds and institutions."""
    session.expire_all()
    bc, fc = BedStatusChange, InstitutionFactChange
    return {
        "beds": dict(session.execute(select(Bed.id, Bed.created_at).where(Bed.id.in_(beds))).all()),
        "institutions": dict(
            session.execute(
                select(Institution.id, Institution.created_at).where(
                    Institution.id.in_(institutions)
                )
            ).all()
        ),
        "bed_changes": sorted(
            session.execute(
                select(bc.bed_id, bc.old_status, bc.new_status, bc.changed_at, bc.changed_by).where(
                    bc.bed_id.in_(beds)
                )
            ).all()
        ),
        "fact_changes": sorted(
            session.execute(
                select(
                    fc.institution_id,
                    fc.old_independent_zone,
                    fc.old_dedicated_staff,
                    fc.new_independent_zone,
                    fc.new_dedicated_staff,
                    fc.changed_at,
                    fc.changed_by,
                ).where(fc.institution_id.in_(institutions))
            ).all()
        ),
    }


def _downgrade_and_upgrade(engine: Engine) -> None:
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    assert schema.current_revision(engine) == "0007"
    schema.upgrade(engine)


def test_the_upgrade_recovers_the_history_the_services_wrote(
    engine: Engine, ward: Ward, demo: Session, clock: Any
) -> None:
    manager = actor(demo, "chongming.manager")
    today = shanghai_today(utcnow())

    def ago(n: int) -> datetime:
        return day_start(today - timedelta(days=n)) + timedelta(hours=3)

    clock(ago(40))
    facility = add_institution(
        demo,
        manager,
        name="崇明区社会福利院",
        level="district",
        setting_type="welfare_facility",
        district_code=CHONGMING,
        independent_zone=True,
    )
    room = add_room(demo, manager, facility.id, "1室")
    a = add_bed(demo, manager, room.id, "1-1")
    clock(ago(35))
    b = add_bed(demo, manager, room.id, "1-2")
    erased = add_bed(demo, manager, room.id, "1-3")
    assert delete_bed(demo, manager, erased.id) is True  # added the same day: really goes
    clock(ago(20))
    set_bed_in_service(demo, manager, a.id, False)
    clock(ago(15))
    set_bed_in_service(demo, manager, a.id, True)
    clock(ago(10))
    set_institution_facts(demo, manager, facility.id, independent_zone=True, dedicated_staff=True)
    stay(demo, b, ward.cases[0], ago(34), ago(8), "returned_to_guardian")
    demo.commit()
    clock(ago(5))
    set_bed_in_service(demo, manager, b.id, False)
    delete_bed(demo, manager, b.id)  # retired, out of service before
    # Retired before the history was kept (no audit event): its last stay ended 12 days ago.
    legacy = ward.beds[3]
    stay(demo, legacy, ward.cases[1], ago(30), ago(12), "returned_to_guardian")
    legacy.status = "retired"
    demo.commit()
    clock(utcnow())
    ids = {"a": a.id, "b": b.id, "legacy": legacy.id, "old": ward.beds[0].id}
    institutions = {"facility": facility.id, "ward": ward.institution.id}
    written = _history(demo, list(ids.values()), list(institutions.values()))
    demo.close()

    _downgrade_and_upgrade(engine)

    recovered = _history(demo, list(ids.values()), list(institutions.values()))
    legacy_row = (ids["legacy"], "in_service", "retired", ago(12), None)
    assert recovered["bed_changes"] == sorted([*written["bed_changes"], legacy_row])
    assert recovered == {**written, "bed_changes": recovered["bed_changes"]}
    # And what the services wrote is what happened.
    assert written["beds"][ids["a"]] == ago(40) and written["beds"][ids["old"]] is None
    assert written["institutions"] == {
        institutions["facility"]: ago(40),
        institutions["ward"]: None,
    }
    assert [c[1:3] for c in written["bed_changes"] if c[0] == ids["b"]] == [
        ("in_service", "out_of_service"),
        ("out_of_service", "retired"),
    ]
    assert written["fact_changes"] == [
        (institutions["facility"], True, False, True, True, ago(10), manager.user_id)
    ]
