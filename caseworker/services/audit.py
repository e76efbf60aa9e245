"""The audit trail: append-only and hash-chained, written in the same transaction as the
action it describes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from caseworker.models import AuditEvent, utcnow
from caseworker.services.actor import Actor

GENESIS = "0" * 64
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
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose link or content does not verify
    reason: str = ""
    when: datetime | None = None


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
    """Walk the chain from the start; report the first event that does not verify."""
    prev = GENESIS
    checked = 0
    for e in _events(session):
        if e.prev_hash != prev:
            return ChainReport(checked, e.id, "link", e.occurred_at)
        if e.hash != event_hash(prev, e):
            return ChainReport(checked, e.id, "content", e.occurred_at)
        prev = e.hash
        checked += 1
    return ChainReport(checked, None)
