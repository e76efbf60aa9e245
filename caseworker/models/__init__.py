"""SQLAlchemy models, one module per aggregate. Importing this registers every table."""

from caseworker.models.audit import AuditEvent, AuditHead
from caseworker.models.base import Base, UTCDateTime, local_today, utcnow
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
from caseworker.models.court import ComplianceCheck as ComplianceCheck
from caseworker.models.court import Court as Court
from caseworker.models.court import GuardianIntervention as GuardianIntervention
from caseworker.models.court import Hearing as Hearing
from caseworker.models.court import Petition as Petition
from caseworker.models.court import PetitionEvidence as PetitionEvidence
from caseworker.models.court import Ruling as Ruling
from caseworker.models.court import SupportRequest as SupportRequest
from caseworker.models.documents import DocumentCounter as DocumentCounter
from caseworker.models.documents import IssuedDocument as IssuedDocument
from caseworker.models.institution import (
    Bed,
    BedStatusChange,
    Institution,
    InstitutionFactChange,
    Placement,
    Room,
)
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
    "AuditHead",
    "Base",
    "Bed",
    "BedStatusChange",
    "Case",
    "CaseEvent",
    "Child",
    "District",
    "FamilyMember",
    "Institution",
    "InstitutionFactChange",
    "MemberCondition",
    "Placement",
    "Role",
    "Room",
    "UTCDateTime",
    "User",
    "local_today",
    "utcnow",
]
