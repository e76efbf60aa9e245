"""The intervention case and its event history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.models.base import Base, UTCDateTime, utcnow
from caseworker.models.child import Child


class Case(Base):
    """One intervention case. `stage` mirrors the latest transition in `case_events`."""

    __tablename__ = "cases"
    __table_args__ = (
        # The case list's default order, globally and within one district.
        Index("ix_cases_opened", "opened_at", "id"),
        Index("ix_cases_district_opened", "district_code", "opened_at", "id"),
        Index("ix_cases_stage_opened", "stage", "opened_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str] = mapped_column(String(30), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    # report, emergency, assessment, support, temporary_guardianship, intervention, closed
    stage: Mapped[str] = mapped_column(String(30))
    risk_level: Mapped[str] = mapped_column(String(10), default="medium")  # high/medium/low
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closure_reason: Mapped[str | None] = mapped_column(String(40))

    child: Mapped[Child] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.occurred_at"
    )


class CaseEvent(Base):
    """Every change to a case: a stage transition, a risk change, a new owner. Never updated."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_time", "case_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))  # transition, risk, owner
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str | None] = mapped_column(String(30))
    transition_code: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(60))  # new risk level / owner id
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="events")
