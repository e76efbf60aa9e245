"""The audit trail: append-only and hash-chained, written in the same transaction as the
action it describes.

Three layers, each catching what the one before cannot:
- the chain (`verify_chain`): an edited or removed event breaks a link or its hash;
- the head record (`audit_head`, moved forward by every append) finds a trail cut short
  at its end, and database triggers refuse UPDATE and DELETE (`guard_status`);
- an anchor (`head_anchor`, "<event id>:<16 hex of its hash>") written down or filed
  outside the database: `check_anchor` finds a rewrite by someone who could also drop the
  triggers and set the head.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import AuditEvent, AuditHead, utcnow
from caseworker.security.actor import Actor
from caseworker.services.errors import ValidationError

GENESIS = "0" * 64
ANCHOR_HEX = 16  # hex digits of the hash in an anchor "<event id>:<hash prefix>"
# Any constant: the key of the PostgreSQL advisory lock that serialises appends.
_PG_CHAIN_LOCK = 7_318_201


def event_hash(prev: str, e: AuditEvent) -> str:
    """SHA-256 over the previous hash and the event's content in a canonical form."""
    when = e.occurred_at.isoformat(timespec="microseconds")
    content = [
        prev,
        when,
        e.user_id,
        e.username,
        e.action,
        e.entity_type,
        e.entity_id,
        e.district_code,
        e.detail,
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _last_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        # Held to commit: two workstations can never chain onto the same predecessor.
        # (SQLite transactions already hold the write lock from BEGIN IMMEDIATE.)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    session.flush()  # earlier events of this transaction come first in the chain
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    district_code: str | None = None,
    username: str | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        occurred_at=utcnow(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else (username or ""),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        district_code=district_code,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    )
    event.prev_hash = _last_hash(session)
    event.hash = event_hash(event.prev_hash, event)
    session.add(event)
    session.flush()
    _move_head(session, event)
    return event


def _move_head(session: Session, event: AuditEvent) -> None:
    """Point the head at `event`, under the same lock and in the same transaction."""
    moved = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(
            last_event_id=event.id,
            last_hash=event.hash,
            event_count=AuditHead.event_count + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount == 0:  # type: ignore[attr-defined]
        # Only after tampering (the migration creates it; a trigger keeps it): the office
        # keeps working, and a head that counts one event is reported by verify_chain.
        session.execute(
            insert(AuditHead).values(
                id=1, last_event_id=event.id, last_hash=event.hash, event_count=1
            )
        )


@dataclass(frozen=True)
class Head:
    """What `audit_head` says: the last event appended and how many there are."""

    last_event_id: int
    last_hash: str
    event_count: int

    @property
    def anchor(self) -> str | None:
        """The anchor "<event id>:<first 16 hex of its hash>"; None while it is empty."""
        if not self.event_count:
            return None
        return f"{self.last_event_id}:{self.last_hash[:ANCHOR_HEX]}"


@dataclass(frozen=True)
class ChainReport:
    """`reason`: "" (intact), "link" or "content" (`broken_at` is the first event that
    does not verify), "truncated" (the chain ends before the event the head names, or has
    fewer events than it counts) or "head" (the head is missing or does not match the
    chain). For the last two, `broken_at` is the last event that verified (0: none), so it
    is None only for an intact trail; `head` says what the head record says."""

    checked: int
    broken_at: int | None
    reason: str = ""
    when: datetime | None = None
    head: Head | None = None
    last_id: int = 0  # the last event that verified (0: none)

    @property
    def intact(self) -> bool:
        return not self.reason


def read_head(session: Session) -> Head | None:
    row = session.execute(
        select(AuditHead.last_event_id, AuditHead.last_hash, AuditHead.event_count).where(
            AuditHead.id == 1
        )
    ).first()
    return Head(*row) if row else None


def _events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.expunge_all()


def verify_chain(session: Session) -> ChainReport:
    """Walk the chain from the start; report the first event that does not verify, or a
    chain that does not end where the head record says it does."""
    # The head is read first: events appended during the walk (PostgreSQL) lie after it.
    head = read_head(session)
    prev = GENESIS
    checked = 0
    last_id = 0
    reached_head = False
    for e in _events(session):
        if e.prev_hash != prev:
            return ChainReport(checked, e.id, "link", e.occurred_at, head, last_id)
        if e.hash != event_hash(prev, e):
            return ChainReport(checked, e.id, "content", e.occurred_at, head, last_id)
        prev = e.hash
        checked += 1
        last_id = e.id
        if head is not None and e.id == head.last_event_id:
            reached_head = True
            if checked < head.event_count:  # events were cut and the chain went on
                return ChainReport(checked, e.id, "truncated", e.occurred_at, head, e.id)
            if e.hash != head.last_hash or checked > head.event_count:
                return ChainReport(checked, e.id, "head", e.occurred_at, head, e.id)
    if head is None:
        return ChainReport(checked, last_id, "head", None, None, last_id)
    if head.event_count and not reached_head:
        return ChainReport(checked, last_id, "truncated", None, head, last_id)
    if last_id > head.last_event_id:
        # Events after the head: appended since it was read, or inserted around it.
        now = read_head(session)
        if now is None or now.last_event_id < last_id:
            return ChainReport(checked, last_id, "head", None, now, last_id)
    return ChainReport(checked, None, head=head, last_id=last_id)


# The triggers of migration 0007, per dialect: they make the trail append-only.
GUARD_TRIGGERS = {
    "sqlite": (
        "audit_events_no_update",
        "audit_events_no_delete",
        "audit_head_no_delete",
        "audit_head_forward_only",
    ),
    "postgresql": (
        "audit_events_no_update",
        "audit_events_no_delete",
        "audit_events_no_truncate",
        "audit_head_no_delete",
        "audit_head_no_truncate",
        "audit_head_forward_only",
    ),
}


def guard_status(session: Session) -> list[str]:
    """The append-only triggers that are missing, disabled (PostgreSQL) or no longer
    raise: [] when the database still refuses edits. Someone with rights to change the
    schema removed any listed. (A trigger altered subtly is beyond this check; the anchor
    is what catches a rewrite then.)"""
    dialect = session.get_bind().dialect.name
    expected = GUARD_TRIGGERS.get(dialect)
    if expected is None:
        return []
    if dialect == "postgresql":
        present = set(
            session.scalars(
                text(
                    "SELECT t.tgname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE c.relname IN ('audit_events', 'audit_head') "
                    "AND c.relnamespace = current_schema()::regnamespace "
                    "AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A') "
                    "AND p.prosrc LIKE '%RAISE EXCEPTION%'"
                )
            )
        )
    else:
        present = set(
            session.scalars(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN ('audit_events', 'audit_head') "
                    "AND sql LIKE '%RAISE(ABORT%'"
                )
            )
        )
    return [name for name in expected if name not in present]


_ANCHOR = re.compile(r"(\d{1,18}):([0-9a-f]{8,64})")


def head_anchor(session: Session) -> str | None:
    """The anchor of the trail as it stands ("<event id>:<16 hex of its hash>"), for an
    administrator to write down or file outside the database; None while it is empty.
    Check the chain first (`verify_chain`): an anchor of a damaged trail proves nothing."""
    head = read_head(session)
    return head.anchor if head else None


def parse_anchor(anchor: str) -> tuple[int, str]:
    """(event id, hash prefix) of "ID:HEX" (8 to 64 hex digits); ValidationError if not."""
    m = _ANCHOR.fullmatch(anchor.strip().lower())
    if not m:
        raise ValidationError(
            _(
                "Not an audit anchor: {anchor}. An anchor is the event number, a colon and "
                "at least 8 hex digits of its hash, as `caseworker audit verify` prints it."
            ).format(anchor=anchor)
        )
    return int(m.group(1)), m.group(2)


def check_anchor(session: Session, anchor: str) -> str:
    """What an anchor says of the trail now: "" (it holds: the event is there with that
    hash), "missing" (no event has that id: the trail was cut before it) or "changed" (its
    hash differs: the trail was rewritten up to it). ValidationError for text that is not
    an anchor."""
    event_id, prefix = parse_anchor(anchor)
    stored = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == event_id))
    if stored is None:
        return "missing"
    return "" if stored.startswith(prefix) else "changed"
