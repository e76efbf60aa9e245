"""What happens on a case between intake and closure: emergency actions, investigations,
capacity assessments, support, temporary guardianship. Rows are added, never rewritten:
a correction is a new row that supersedes the old one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class EmergencyAction(Base):
    """One action of the emergency response (应急处置), who acted and where the child is now."""

    __tablename__ = "emergency_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # parents_ordered_back, entrusted_to_relatives, escorted_to_institution, fast_search,
    # domestic_violence, admonition
    action_code: Mapped[str] = mapped_column(String(40))
    acted_by: Mapped[str] = mapped_column(String(100))  # person and unit, e.g. 派出所民警
    acted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    child_whereabouts: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Investigation(Base):
    """The investigation record of the assessment stage; the newest row is current."""

    __tablename__ = "investigations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    safety: Mapped[str] = mapped_column(Text, default="")
    guardianship: Mapped[str] = mapped_column(Text, default="")
    physical_health: Mapped[str] = mapped_column(Text, default="")
    mental_health: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CapacityAssessment(Base):
    """A family guardianship-capacity assessment of one guardian (家庭监护能力评估).

    A draft may be saved and changed; a final one is locked. Correcting a final assessment
    creates a new version that supersedes it.
    """

    __tablename__ = "capacity_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("family_members.id"))
    instrument_code: Mapped[str] = mapped_column(String(60))
    instrument_version: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("capacity_assessments.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft / final
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # indicator → score
    total: Mapped[int | None] = mapped_column(Integer)  # weighted, in hundredths of a point
    grade: Mapped[str | None] = mapped_column(String(30))
    finds_capacity: Mapped[bool | None] = mapped_column(Boolean)
    conclusion: Mapped[str] = mapped_column(Text, default="")
    # support / temporary_guardianship / return / revocation
    recommendation: Mapped[str | None] = mapped_column(String(30))
    assessed_on: Mapped[date | None] = mapped_column(Date)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The conclusion counts for the workflow once a manager has approved it.
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SupportItem(Base):
    """One service of the support plan (帮扶). Status changes are SupportUpdate rows."""

    __tablename__ = "support_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    service_code: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # mirrors the last update
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SupportUpdate(Base):
    __tablename__ = "support_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("support_items.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TemporaryGuardianship(Base):
    """A period of temporary guardianship (临时监护) with its form of care and legal basis."""

    __tablename__ = "temporary_guardianships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    care_form: Mapped[str] = mapped_column(String(30))  # institution_bed / relative / foster_family
    caregiver: Mapped[str] = mapped_column(String(100), default="")
    legal_basis: Mapped[str] = mapped_column(String(200))
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    started_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Approval(Base):
    """A request for a manager's decision; approving carries out the requested move."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # transition / assessment / transfer
    kind: Mapped[str] = mapped_column(String(20))
    transition_code: Mapped[str | None] = mapped_column(String(40))
    # The assessment or transfer the decision is about.
    subject_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    comment: Mapped[str] = mapped_column(Text, default="")
    # Set when the requester has seen the decision ("my work" stops showing it).
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Transfer(Base):
    """A case moving to another district's institution, or referred to another province."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # district / cross_province
    from_district: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    to_district: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    to_province: Mapped[str] = mapped_column(String(60), default="")
    receiving_agency: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # awaiting_approval → pending (receiver decides) → accepted / rejected
    status: Mapped[str] = mapped_column(String(20), default="awaiting_approval")
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="")


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attachment(Base):
    """A file attached to a note, stored with its SHA-256 so a copy can be verified."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column()
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


__all__ = [
    "Approval",
    "Attachment",
    "CapacityAssessment",
    "EmergencyAction",
    "Investigation",
    "Note",
    "SensitiveRecord",
    "SupportItem",
    "SupportUpdate",
    "TemporaryGuardianship",
    "Transfer",
]


class SensitiveRecord(Base):
    """Health and harm details a case needs but few may read: HIV status, abuse details,
    psychiatric and medical records (DOMAIN §6). Corrections are new rows."""

    __tablename__ = "sensitive_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # hiv_status, abuse_details, psychiatric, medical
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
