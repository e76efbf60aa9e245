"""The audit trail: who did or looked at what, when. Rows are only ever inserted.

Database triggers (migration 0007) refuse UPDATE and DELETE of `audit_events` and keep
`audit_head` moving forward only. A later migration that rebuilds either table (Alembic's
SQLite batch mode copies a table to change it) drops those triggers and must recreate
them; `caseworker audit verify` reports them missing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_time", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None for events without a known user (a failed login for an unknown name).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))  # login, login_failed, case.list, …
    entity_type: Mapped[str | None] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    district_code: Mapped[str | None] = mapped_column(String(6))
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON
    # Hash chain: each event's hash covers its content and the previous event's hash, so
    # deleting or editing any row breaks every link after it (`caseworker audit verify`).
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditHead(Base):
    """The end of the chain as last written: one row (id 1), updated by every append in
    the same transaction. A chain that ends before the head was cut short."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: no event yet
    last_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
