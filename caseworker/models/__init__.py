"""SQLAlchemy models, one module per aggregate. Importing this registers every table."""

from caseworker.models.audit import AuditEvent
from caseworker.models.base import Base, UTCDateTime, utcnow
from caseworker.models.case import Case, CaseEvent
from caseworker.models.casework import (
    Approval,
    Attachment,
    CapacityAssessment,
    EmergencyAction,
    Investigation,
    Note,
    SensitiveRecord,
    SupportItem,
    SupportUpdate,
    TemporaryGuardianship,
    Transfer,
)
from caseworker.models.child import Child, FamilyMember, MemberCondition
from caseworker.models.institution import Bed, Institution, Placement, Room
from caseworker.models.intake import CaseNumberCounter, Report
from caseworker.models.reference import AppMeta, District
from caseworker.models.user import Role, User

__all__ = [
    "Approval",
    "Attachment",
    "CapacityAssessment",
    "CaseNumberCounter",
    "EmergencyAction",
    "Investigation",
    "Note",
    "Report",
    "SensitiveRecord",
    "SupportItem",
    "SupportUpdate",
    "TemporaryGuardianship",
    "Transfer",
    "AppMeta",
    "AuditEvent",
    "Base",
    "Bed",
    "Case",
    "CaseEvent",
    "Child",
    "District",
    "FamilyMember",
    "Institution",
    "MemberCondition",
    "Placement",
    "Role",
    "Room",
    "UTCDateTime",
    "User",
    "utcnow",
]
