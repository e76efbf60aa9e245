"""The mandatory report (发现报告) that opens a case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # school, kindergarten, hospital, committee, welfare_institution, organisation, citizen, police
    reporter_type: Mapped[str] = mapped_column(String(30))
    # The reporter's identity is confidential (DOMAIN §6); roles without the right see it masked.
    reporter_name: Mapped[str] = mapped_column(String(60), default="")
    reporter_unit: Mapped[str] = mapped_column(String(100), default="")
    reporter_contact: Mapped[str] = mapped_column(String(60), default="")
    channel: Mapped[str] = mapped_column(String(20))  # phone, walk_in, letter, online, police
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Codes of the four situations that must be reported to the police at once.
    situations: Mapped[list[str]] = mapped_column(JSON, default=list)
    location: Mapped[str] = mapped_column(String(200), default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    police_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CaseNumberCounter(Base):
    """The last case number issued per district and year; locked while a number is taken."""

    __tablename__ = "case_number_counters"

    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
