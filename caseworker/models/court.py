"""Guardianship interventions and court proceedings (监护干预、诉讼).

Courts are reference data. Everything else is added, never rewritten: a compliance check,
a hearing and a ruling are rows with who and when; a corrected ruling is a new row that
supersedes the old one. A few facts are filled in once when they become known (a petition's
filing date and court case number, a hearing's outcome, the procuratorate's answer); the
services refuse to fill them twice, and the audit trail keeps who filled them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class Court(Base):
    """A Shanghai people's court, keyed by the court code used in case numbers (沪0115)."""

    __tablename__ = "courts"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    level: Mapped[str] = mapped_column(String(12))  # district / intermediate
    # The district a basic-level court serves (its GB/T 2260 code ends in the court code).
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    sort_order: Mapped[int] = mapped_column(Integer)


class GuardianIntervention(Base):
    """训诫, 告诫书, 家庭教育指导令 or 督促监护令 addressed to one guardian."""

    __tablename__ = "guardian_interventions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("family_members.id"))
    # admonition / warning_letter / family_education_order / supervision_order
    kind: Mapped[str] = mapped_column(String(30))
    issuing_body: Mapped[str] = mapped_column(String(20))  # police / court / procuratorate
    issuer: Mapped[str] = mapped_column(String(100))  # e.g. 浦东新区人民法院, 花木派出所
    issued_on: Mapped[date] = mapped_column(Date)
    document_number: Mapped[str] = mapped_column(String(60), default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    # When compliance is first checked; None: no follow-up planned.
    first_check_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ComplianceCheck(Base):
    """One follow-up of whether the guardian complies; it names the next check's date."""

    __tablename__ = "compliance_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("guardian_interventions.id"), index=True
    )
    checked_on: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(20))  # complied / partly / not_complied
    note: Mapped[str] = mapped_column(Text, default="")
    next_check_on: Mapped[date | None] = mapped_column(Date)  # None: follow-up finished
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Petition(Base):
    """A petition or suit before a court, with the particulars as filed.

    kind: revocation (撤销监护人资格), change_guardian (变更监护人), protection_order
    (人身安全保护令), child_support (追索抚养费). No filing date yet: a draft.
    """

    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # civil_affairs / institution / relative / committee / other
    petitioner_kind: Mapped[str] = mapped_column(String(20))
    petitioner_name: Mapped[str] = mapped_column(String(100))
    petitioner_address: Mapped[str] = mapped_column(String(200), default="")
    petitioner_head: Mapped[str] = mapped_column(String(40), default="")
    petitioner_head_title: Mapped[str] = mapped_column(String(40), default="")
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    # The guardian (or, for child support, the liable parent) the petition is against.
    respondent_id: Mapped[int] = mapped_column(ForeignKey("family_members.id"))
    respondent_address: Mapped[str] = mapped_column(String(200), default="")
    court_code: Mapped[str] = mapped_column(ForeignKey("courts.code"))
    court_case_number: Mapped[str | None] = mapped_column(String(40))
    filed_on: Mapped[date | None] = mapped_column(Date)
    facts: Mapped[str] = mapped_column(Text, default="")
    grounds: Mapped[list[str]] = mapped_column(JSON, default=list)  # revocation ground codes
    # Who should become guardian: person / city_child_welfare_institution.
    proposed_guardian_kind: Mapped[str | None] = mapped_column(String(40))
    proposed_guardian_name: Mapped[str] = mapped_column(String(100), default="")
    proposed_guardian_relation: Mapped[str] = mapped_column(String(20), default="")
    proposed_guardian_id_number: Mapped[str | None] = mapped_column(String(18))
    proposed_guardian_address: Mapped[str] = mapped_column(String(200), default="")
    support_monthly_amount: Mapped[int | None] = mapped_column(Integer)  # yuan
    support_from: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PetitionEvidence(Base):
    """A record of the case offered as evidence, for one revocation ground or in general."""

    __tablename__ = "petition_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    ground_code: Mapped[str] = mapped_column(String(30), default="")  # "" = general
    # note / assessment / emergency_action / investigation / intervention
    source_kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SupportRequest(Base):
    """A request to the procuratorate to support the suit (提请支持起诉), and its answer."""

    __tablename__ = "support_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    procuratorate: Mapped[str] = mapped_column(String(60))
    requested_on: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer: Mapped[str | None] = mapped_column(String(12))  # supported / declined
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Hearing(Base):
    """A court session (开庭, 询问, 调解, 宣判): when and where, then what happened."""

    __tablename__ = "court_hearings"
    __table_args__ = (Index("ix_court_hearings_date", "scheduled_on", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # hearing / inquiry / mediation / pronouncement
    scheduled_on: Mapped[date] = mapped_column(Date)
    time_text: Mapped[str] = mapped_column(String(5), default="")  # 09:30, Shanghai time
    place: Mapped[str] = mapped_column(String(100), default="")
    scheduled_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))  # held / adjourned / cancelled
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    outcome_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Ruling(Base):
    """The court's decision on a petition. The newest row not superseded is the current one."""

    __tablename__ = "court_rulings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # granted / denied / withdrawn
    ruled_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    # Revocation / change granted: who the court designated, and the member recorded for it.
    new_guardian_kind: Mapped[str | None] = mapped_column(String(40))
    new_guardian_name: Mapped[str] = mapped_column(String(100), default="")
    new_guardian_id: Mapped[int | None] = mapped_column(ForeignKey("family_members.id"))
    # Protection order granted: its validity (反家庭暴力法第三十条: at most 6 months).
    order_valid_from: Mapped[date | None] = mapped_column(Date)
    order_valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    support_monthly_amount: Mapped[int | None] = mapped_column(Integer)  # yuan
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("court_rulings.id"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


__all__ = [
    "ComplianceCheck",
    "Court",
    "GuardianIntervention",
    "Hearing",
    "Petition",
    "PetitionEvidence",
    "Ruling",
    "SupportRequest",
]
