"""The demo database: reproducible, valid, and covering what the app must show."""

from __future__ import annotations

import hashlib
import shutil
from collections import defaultdict

import pytest
from sqlalchemy import func, select, text
from stdnum.cn import ric

from caseworker.demo.build import DemoError, build_demo
from caseworker.models import Case, CaseEvent, Child, Placement
from caseworker.services.beds.summary import district_beds
from caseworker.services.reference.labels import STAGES
from caseworker.storage.database import make_engine
from tests.support.factories import DEMO_TODAY, actor, build_small_demo


def _fingerprint(engine) -> str:  # type: ignore[no-untyped-def]
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in ("children", "family_members", "cases", "case_events", "beds", "placements"):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_demo_data_is_valid_and_complete(engine, session) -> None:  # type: ignore[no-untyped-def]
    summary = build_small_demo(engine, children=400)
    assert summary.children == 400
    numbers = session.scalars(select(Child.id_number).where(Child.id_number.is_not(None))).all()
    assert len(numbers) > 380
    # stdnum's place list lacks some retired Shanghai codes (310119 南汇), so check the
    # check character and the embedded birth date directly.
    assert all(ric.calc_check_digit(n) == n[-1] for n in numbers)
    assert all(ric.get_birth_date(n) <= DEMO_TODAY for n in numbers)
    # Names use rare characters that fonts must cover.
    names = "".join(session.scalars(select(Child.name)))
    assert any(ch in names for ch in "堃喆玥赟珺昇旻祎瑄翀")
    assert set(session.scalars(select(Case.stage).distinct())) == set(STAGES)
    # Every case's stage is the last stage its event history reached.
    last_event = (
        select(CaseEvent.case_id, func.max(CaseEvent.id).label("last"))
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    mismatched = session.scalar(
        select(func.count())
        .select_from(Case)
        .join(last_event, last_event.c.case_id == Case.id)
        .join(CaseEvent, CaseEvent.id == last_event.c.last)
        .where(CaseEvent.to_stage != Case.stage)
    )
    assert mismatched == 0


def test_beds_and_placements_make_sense(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=600)
    boards = district_beds(session, actor(session, "city"))
    assert len(boards) == 16
    assert any(b.below_minimum for b in boards) and any(not b.below_minimum for b in boards)
    assert all(b.occupied <= b.counted for b in boards)
    # No bed holds two children at once, ever.
    by_bed = defaultdict(list)
    for p in session.scalars(select(Placement)):
        by_bed[p.bed_id].append(p)
    for stays in by_bed.values():
        stays.sort(key=lambda p: p.admitted_at)
        for a, b in zip(stays, stays[1:], strict=False):
            assert a.discharged_at is not None and a.discharged_at <= b.admitted_at
    oldest = session.scalar(select(func.min(Placement.admitted_at)))
    assert (DEMO_TODAY - oldest.date()).days > 4 * 365


def test_same_seed_same_data(tmp_path, sqlite_template) -> None:  # type: ignore[no-untyped-def]
    prints = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        path = tmp_path / f"{name}.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        build_demo(engine, children=200, seed=seed, today=DEMO_TODAY)
        prints.append(_fingerprint(engine))
        engine.dispose()
    assert prints[0] == prints[1] != prints[2]


def test_demo_refuses_a_database_with_data(engine) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=10)
    with pytest.raises(DemoError):
        build_small_demo(engine, children=10)
