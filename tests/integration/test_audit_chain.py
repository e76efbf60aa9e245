"""The audit trail is hash-chained: any edit or deletion is found, and where. The
database refuses edits and deletions in the first place; the head record finds a trail
cut short at its end, and an anchor kept outside the database finds a rewrite."""

from __future__ import annotations

import io
import multiprocessing
import re

import pytest
from sqlalchemy import delete, func, inspect, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseworker.cli.main import main
from caseworker.models import AuditEvent, AuditHead
from caseworker.services.audit import trail as audit
from caseworker.services.audit.trail import GENESIS, verify_chain
from caseworker.services.cases.listing import CaseQuery, case_ids
from caseworker.storage.database import make_engine, make_sessionmaker
from tests.support.factories import actor, build_small_demo


def _events(session, n: int) -> None:  # type: ignore[no-untyped-def]
    city = actor(session, "city")
    for i in range(n):
        case_ids(session, city, CaseQuery(text=f"王{i}"))


def _drop_guard(session: Session, *names: str) -> None:
    """What someone with the database key (or PostgreSQL owner rights) can still do."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    for name in names or audit.GUARD_TRIGGERS[session.get_bind().dialect.name]:
        table = "audit_head" if name.startswith("audit_head") else "audit_events"
        session.execute(text(f"DROP TRIGGER {name}" + (f" ON {table}" if postgresql else "")))
    session.commit()


def _ids(session: Session) -> list[int]:
    return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_chain_verifies_and_finds_the_first_tampered_event(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 5)
    first = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
    assert first.prev_hash == GENESIS
    report = verify_chain(session)
    assert report.broken_at is None and report.checked == 6  # a login and five searches

    ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    _drop_guard(session, "audit_events_no_update")
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
    _drop_guard(session, "audit_events_no_delete")
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
    report = verify_chain(session)
    assert report.intact and report.broken_at is None
    assert report.head is not None and report.head.event_count == 33
    assert report.head.last_event_id == max(_ids(session))


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
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(update(AuditEvent).values(username="someone-else"))
    engine.dispose()
    out = io.StringIO()
    assert main(["--db", db, "audit", "verify"], stdout=out) == 1
    assert "#1" in out.getvalue()


def test_audit_events_recorded_before_the_chain_are_chained_by_the_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database at 0002 with audit rows upgrades, and its old events verify."""
    from alembic import command
    from sqlalchemy import text

    from caseworker.services.audit.trail import verify_chain as verify
    from caseworker.storage import migrate as schema

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
        assert audit.guard_status(s) == []
    assert report.broken_at is None and report.checked == 3
    assert report.head is not None and report.head.event_count == 3  # filled by 0007
    engine.dispose()


def test_the_database_refuses_to_change_or_delete_audit_events(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 3)
    ids = _ids(session)
    assert audit.guard_status(session) == []
    attempts = [
        update(AuditEvent).where(AuditEvent.id == ids[1]).values(username="x"),
        delete(AuditEvent).where(AuditEvent.id == ids[-1]),
        delete(AuditEvent),
    ]
    if session.get_bind().dialect.name == "postgresql":
        attempts.append(text("TRUNCATE audit_events CASCADE"))
    for statement in attempts:
        with pytest.raises(IntegrityError, match="audit trail is append-only"):
            session.execute(statement)
        session.rollback()
    assert _ids(session) == ids
    assert verify_chain(session).intact


def test_the_head_follows_every_append_and_only_moves_forward(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 3)
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    head = audit.read_head(session)
    assert head == audit.Head(last.id, last.hash, 4)
    assert audit.head_anchor(session) == f"{last.id}:{last.hash[:16]}"
    session.rollback()
    refused = {
        "audit head only moves forward": [
            update(AuditHead).values(event_count=3),
            update(AuditHead).values(event_count=4, last_event_id=last.id - 1),
        ],
        "audit head cannot be deleted": [delete(AuditHead)],
    }
    if session.get_bind().dialect.name == "postgresql":
        refused["audit head cannot be deleted"].append(text("TRUNCATE audit_head"))
    for message, statements in refused.items():
        for statement in statements:
            with pytest.raises(IntegrityError, match=message):
                session.execute(statement)
            session.rollback()
    assert audit.read_head(session) == head


def test_dropped_triggers_are_reported(engine, session) -> None:  # type: ignore[no-untyped-def]
    _drop_guard(session, "audit_events_no_delete", "audit_head_forward_only")
    assert audit.guard_status(session) == ["audit_events_no_delete", "audit_head_forward_only"]
    if session.get_bind().dialect.name == "postgresql":  # disabled counts as missing
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update"))
        session.commit()
        assert "audit_events_no_update" in audit.guard_status(session)


def test_deleting_the_last_events_is_reported_as_truncation(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 4)
    ids = _ids(session)
    last_hash = session.get(AuditEvent, ids[-1]).hash
    _drop_guard(session, "audit_events_no_delete")
    session.execute(delete(AuditEvent).where(AuditEvent.id >= ids[3]))  # the last two
    session.commit()
    report = verify_chain(session)
    assert (report.reason, report.checked, report.broken_at) == ("truncated", 3, ids[2])
    assert not report.intact and report.head == audit.Head(ids[4], last_hash, 5)

    # The office goes on working (on SQLite the next event even reuses a deleted id);
    # the head still counts the lost events.
    _events(session, 1)  # a sign-in and a search
    report = verify_chain(session)
    assert (report.reason, report.checked) == ("truncated", 5)
    assert report.head is not None and report.head.event_count == 7


def test_a_rewritten_head_is_caught_by_an_anchor_kept_outside(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 4)
    anchor = audit.head_anchor(session)
    assert anchor is not None and audit.check_anchor(session, anchor) == ""
    session.rollback()

    # Someone with DDL rights: drop the triggers, cut the last event, set the head to match.
    _drop_guard(session)
    ids = _ids(session)
    session.execute(delete(AuditEvent).where(AuditEvent.id == ids[-1]))
    last = session.get(AuditEvent, ids[-2])
    session.execute(
        update(AuditHead).values(last_event_id=last.id, last_hash=last.hash, event_count=4)
    )
    session.commit()
    assert verify_chain(session).intact  # the chain and the head agree now...
    assert audit.check_anchor(session, anchor) == "missing"  # ...but not with the anchor
    assert len(audit.guard_status(session)) == len(audit.GUARD_TRIGGERS[engine.dialect.name])


def test_a_rewritten_chain_is_caught_by_an_anchor(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    _events(session, 4)
    anchor = audit.head_anchor(session)
    assert anchor is not None
    session.rollback()

    # Edit an early event and recompute every hash after it, and the head.
    _drop_guard(session)
    prev = GENESIS
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    events[1].detail = '{"query": "nothing to see"}'
    for e in events:
        e.prev_hash, e.hash = prev, audit.event_hash(prev, e)
        prev = e.hash
    session.execute(update(AuditHead).values(last_hash=prev))
    session.commit()
    assert verify_chain(session).intact
    assert audit.check_anchor(session, anchor) == "changed"
    assert audit.check_anchor(session, anchor.split(":")[0] + ":" + prev[:16]) == ""


def test_anchors_that_are_not_anchors_are_refused(session) -> None:  # type: ignore[no-untyped-def]
    from caseworker.services.errors import ValidationError

    for bad in (
        "",
        "12",
        "12:",
        "x:0123456789abcdef",
        "12:0123",
        "12:xyz0123456789",
        "-1:abcdef01",
    ):
        with pytest.raises(ValidationError):
            audit.check_anchor(session, bad)
    assert audit.parse_anchor(" 12:ABCDEF0123 ") == (12, "abcdef0123")


def test_the_migration_fills_the_head_from_the_chain_and_downgrades(engine, session) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from caseworker.storage import migrate as schema

    build_small_demo(engine, children=20)
    _events(session, 3)
    session.close()
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    assert not inspect(engine).has_table("audit_head")
    with Session(engine) as s:  # 0006 had no guard
        assert audit.guard_status(s) == list(audit.GUARD_TRIGGERS[engine.dialect.name])
    schema.upgrade(engine)
    with Session(engine) as s:
        report = verify_chain(s)
        assert report.intact and report.checked == 4
        assert report.head is not None and report.head.event_count == 4
        assert report.head.last_event_id == max(_ids(s))
        assert audit.guard_status(s) == []


def _anchor_in(output: str) -> str:
    found = re.findall(r"\b(\d+:[0-9a-f]{16})\b", output)
    assert found, output
    return found[-1]


def test_audit_verify_prints_and_checks_anchors(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=10)
    with make_sessionmaker(engine)() as s:
        _events(s, 2)

    def verify(*extra: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--db", db_url, "audit", "verify", *extra], stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    code, out, _err = verify()
    assert code == 0, out
    anchor = _anchor_in(out)
    code, out, _err = verify("--anchor", anchor, "--anchor", anchor.upper())
    assert code == 0 and out.count(anchor) >= 2, out
    assert verify("--anchor", "not-an-anchor")[0] == 2

    with make_sessionmaker(engine)() as s:  # cut the last event, set the head to match
        _drop_guard(s)
        ids = _ids(s)
        s.execute(delete(AuditEvent).where(AuditEvent.id == ids[-1]))
        last = s.get(AuditEvent, ids[-2])
        s.execute(
            update(AuditHead).values(
                last_event_id=last.id, last_hash=last.hash, event_count=len(ids) - 1
            )
        )
        s.commit()
    code, out, _err = verify("--anchor", anchor)
    assert code == 1 and f"{anchor} " in out and f"#{ids[-1]}" in out, out
    assert "audit_events_no_delete" in out  # the dropped guard is named too
    assert _anchor_in(out) == anchor  # and no new anchor is offered for this state
