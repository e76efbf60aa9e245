"""Institutions, their rooms and care beds, and the placements of children in beds.

The inventory keeps its history, so that a past day is counted on the beds of that day:
a bed's `created_at`, every change of a bed's status (`BedStatusChange`, retirement
included) and of a welfare facility's facts (`InstitutionFactChange`). A change row holds
the value before and after it, so the value at a moment T is the `old_*` of the first
change after T, or the current value when nothing changed after T; a bed or institution
without change rows had its current values all along. `created_at` None means "in the
inventory before its history was recorded" (a database older than revision 0008): such a
row counts as always there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.models.base import Base, UTCDateTime, utcnow


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))  # city / district / street
    # protection_institution, welfare_facility, street_station
    setting_type: Mapped[str] = mapped_column(String(30))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    # A welfare-facility bed counts toward the district's 25 only with both facts
    # (沪府规〔2022〕4号 §四(二)).
    independent_zone: Mapped[bool] = mapped_column(Boolean, default=False)
    dedicated_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    # Prefix for document numbers issued by this institution, e.g. 沪民未保.
    doc_prefix: Mapped[str] = mapped_column(String(20), default="")
    # When the institution was added (None: before revision 0008; see the module doc).
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    rooms: Mapped[list[Room]] = relationship(back_populates="institution")


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))

    institution: Mapped[Institution] = relationship(back_populates="rooms")
    beds: Mapped[list[Bed]] = relationship(back_populates="room")


class Bed(Base):
    """A care bed. Occupancy is not stored here: an open placement is the occupancy."""

    __tablename__ = "beds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="in_service")  # or out_of_service
    reserved_for_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # When the bed entered the inventory (None: before revision 0008; see the module doc).
    # It leaves it by a status change to "retired".
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    room: Mapped[Room] = relationship(back_populates="beds")


class BedStatusChange(Base):
    """One change of a bed's status (in service, out of service, retired), with who and
    when. Rows are only ever added (a bed erased outright takes its rows with it)."""

    __tablename__ = "bed_status_changes"
    __table_args__ = (Index("ix_bed_status_changes_bed_time", "bed_id", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bed_id: Mapped[int] = mapped_column(ForeignKey("beds.id"))
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None: not known (changes recovered from a database without a user on record).
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InstitutionFactChange(Base):
    """One change of a welfare facility's facts (independent zone, dedicated staff), which
    decide whether its beds count toward the district's 25."""

    __tablename__ = "institution_fact_changes"
    __table_args__ = (
        Index("ix_institution_fact_changes_institution_time", "institution_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    old_independent_zone: Mapped[bool] = mapped_column(Boolean)
    old_dedicated_staff: Mapped[bool] = mapped_column(Boolean)
    new_independent_zone: Mapped[bool] = mapped_column(Boolean)
    new_dedicated_staff: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Placement(Base):
    """A child's stay in a bed. At most one open placement per bed and per child."""

    __tablename__ = "placements"
    __table_args__ = (
        Index(
            "uq_placements_open_bed",
            "bed_id",
            unique=True,
            sqlite_where=text("discharged_at IS NULL"),
            postgresql_where=text("discharged_at IS NULL"),
        ),
        Index(
            "uq_placements_open_child",
            "child_id",
            unique=True,
            sqlite_where=text("discharged_at IS NULL"),
            postgresql_where=text("discharged_at IS NULL"),
        ),
        Index("ix_placements_bed_admitted", "bed_id", "admitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bed_id: Mapped[int] = mapped_column(ForeignKey("beds.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    admitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    admitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    discharged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    discharged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    discharge_reason: Mapped[str | None] = mapped_column(String(200))
