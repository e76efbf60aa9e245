"""The document register: every issued letter with its number, the PDF as issued and who
issued (or voided) it. Numbers run per institution and year without gaps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class DocumentCounter(Base):
    """The last serial issued per institution and year; locked while a number is taken."""

    __tablename__ = "document_counters"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocument(Base):
    """One issued document. Never deleted or regenerated: a void keeps the row and number."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("institution_id", "year", "serial"),
        Index("ix_issued_documents_case_time", "case_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(60))  # 沪民未保〔2026〕12号
    letter_code: Mapped[str] = mapped_column(String(40))
    # None for documents about no one case (the monthly bed-occupancy report).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    title: Mapped[str] = mapped_column(String(200))
    issue_date: Mapped[date] = mapped_column(Date)  # the date printed on the document
    issuer_name: Mapped[str] = mapped_column(String(100))  # the 署名 printed
    # Deferred: the register lists thousands of rows and needs none of the bytes.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    # The exact field values and paragraph edits the PDF was made from.
    fields_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)


__all__ = ["DocumentCounter", "IssuedDocument"]
