"""The child and the family around it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.models.base import Base, UTCDateTime, utcnow


class Child(Base):
    __tablename__ = "children"
    __table_args__ = (
        # Prefix search on names: GLOB uses a plain index on SQLite, LIKE needs
        # text_pattern_ops on PostgreSQL when the database collation is not C.
        Index("ix_children_name", "name", postgresql_ops={"name": "text_pattern_ops"}),
        Index(
            "ix_children_name_initials",
            "name_initials",
            postgresql_ops={"name_initials": "text_pattern_ops"},
        ),
        Index("ix_children_birth_date", "birth_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    # Pinyin initials of the name (王子涵 → wzh) for search and duplicate checks.
    name_initials: Mapped[str] = mapped_column(String(40), default="")
    gender: Mapped[str] = mapped_column(String(1))  # M / F / U (unknown)
    # Unidentified children have no ID number yet.
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    hukou_place: Mapped[str] = mapped_column(String(100), default="")
    hukou_type: Mapped[str] = mapped_column(String(10), default="shanghai")  # shanghai / other
    hukou_agricultural: Mapped[bool] = mapped_column(Boolean, default=False)
    residence_district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    residence_street: Mapped[str] = mapped_column(String(60), default="")
    residence_committee: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    school: Mapped[str] = mapped_column(String(100), default="")
    disability_kind: Mapped[str | None] = mapped_column(String(20))
    disability_grade: Mapped[int | None] = mapped_column(Integer)
    family_economic_status: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    family: Mapped[list[FamilyMember]] = relationship(back_populates="child")


class FamilyMember(Base):
    """A parent, guardian or other relative of a child, with the facts the rules read."""

    __tablename__ = "family_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    relationship_code: Mapped[str] = mapped_column(String(20))  # father, mother, grandparent …
    is_guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    id_number: Mapped[str | None] = mapped_column(String(18))
    deceased: Mapped[bool] = mapped_column(Boolean, default=False)
    missing: Mapped[bool] = mapped_column(Boolean, default=False)
    remarried: Mapped[bool] = mapped_column(Boolean, default=False)
    social_assistance: Mapped[bool] = mapped_column(Boolean, default=False)
    hukou_agricultural: Mapped[bool] = mapped_column(Boolean, default=False)
    shanghai_residence_permit: Mapped[bool] = mapped_column(Boolean, default=False)
    has_guardianship_capacity: Mapped[bool | None] = mapped_column(Boolean)
    working_away_since: Mapped[date | None] = mapped_column(Date)
    # Refusing guardianship duties since (a revocation ground after 6 months).
    refusing_duties_since: Mapped[date | None] = mapped_column(Date)

    child: Mapped[Child] = relationship(back_populates="family")
    conditions: Mapped[list[MemberCondition]] = relationship(back_populates="member")


class MemberCondition(Base):
    """One of the eight conditions (八类情形) of a parent, with when it began and ended."""

    __tablename__ = "member_conditions"
    __table_args__ = (UniqueConstraint("member_id", "condition_code", "since"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("family_members.id"), index=True)
    # severe_disability, severe_illness, imprisoned, compulsory_rehab, liberty_restricted,
    # lost_contact, guardianship_revoked, deported
    condition_code: Mapped[str] = mapped_column(String(30))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    member: Mapped[FamilyMember] = relationship(back_populates="conditions")
