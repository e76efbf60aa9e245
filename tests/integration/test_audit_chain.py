"""The audit trail is hash-chained: any edit or deletion is found, and where."""

from __future__ import annotations

import io
import multiprocessing

from sqlalchemy import delete, func, select, update

from caseworker.cli import main
from caseworker.db import make_engine, make_sessionmaker
from caseworker.models import AuditEvent
from caseworker.services.audit import GENESIS, verify_chain
from caseworker.services.case_list import CaseQuery, case_ids
from tests.support.factories import actor, build_small_demo


def _events(session, n: int) -> None:  # type: ignore[no-untyped-def]
    city = actor(session, "city")
    for i in range(n):
        case_ids(session, city, CaseQuery(text=f"王{i}"))


def test_chain_verifies_and_finds_the_first_tampered_event(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 5)
    first = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
    assert first.prev_hash == GENESIS
    report = verify_chain(session)
    assert report.broken_at is None and report.checked == 6  # a login and five searches

    ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    session.execute(
        update(AuditEvent).where(AuditEvent.id == ids[3]).values(detail='{"query": "x"}')
    )
    session.commit()
    report = verify_chain(session)
    assert (report.broken_at, report.reason, report.checked) == (ids[3], "content", 3)


def test_deleting_an_event_breaks_the_next_link(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 4)
    ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    session.execute(delete(AuditEvent).where(AuditEvent.id == ids[2]))
    session.commit()
    report = verify_chain(session)
    assert (report.broken_at, report.reason) == (ids[3], "link")


def _append(url: str, n: int) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        _events(s, n)
    engine.dispose()


def test_workstations_appending_at_once_keep_one_chain(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    url = engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append, args=(url, 10)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 33
    assert verify_chain(session).broken_at is None


def test_audit_verify_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "a.db")
    out = io.StringIO()
    assert main(["--db", db, "demo", "--children", "10"], stdout=out, stderr=io.StringIO()) == 0
    assert main(["--db", db, "cases", "--limit", "1"], stdout=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["--db", db, "audit", "verify"], stdout=out) == 0
    assert "完整" in out.getvalue()
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(update(AuditEvent).values(username="someone-else"))
    engine.dispose()
    out = io.StringIO()
    assert main(["--db", db, "audit", "verify"], stdout=out) == 1
    assert "#1" in out.getvalue()


def test_audit_events_recorded_before_the_chain_are_chained_by_the_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database at 0002 with audit rows upgrades, and its old events verify."""
    from alembic import command
    from sqlalchemy import text

    from caseworker import schema
    from caseworker.services.audit import verify_chain as verify

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        for i in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_events (occurred_at, username, action, detail) "
                    f"VALUES ('2026-11-0{i + 1} 08:00:00.000000', 'old', 'login', '{{}}')"
                )
            )
    schema.upgrade(engine)
    with make_sessionmaker(engine)() as s:
        report = verify(s)
    assert report.broken_at is None and report.checked == 3
    engine.dispose()
