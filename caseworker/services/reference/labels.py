"""Display names for codes stored in the database (stages, risk levels, roles)."""

from __future__ import annotations

from caseworker.i18n import N_, gettext
from caseworker.models import Role

STAGES: dict[str, str] = {
    "report": N_("Report received"),
    "emergency": N_("Emergency response"),
    "assessment": N_("Assessment"),
    "support": N_("Support"),
    "temporary_guardianship": N_("Temporary guardianship"),
    "intervention": N_("Guardianship intervention"),
    "closed": N_("Closed"),
}

RISK_LEVELS: dict[str, str] = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}

ROLES: dict[Role, str] = {
    Role.STAFF: N_("Institution staff"),
    Role.SOCIAL_WORKER: N_("Social worker"),
    Role.MANAGER: N_("Manager"),
    Role.ADMIN: N_("System administrator"),
    Role.CITY: N_("City-level staff"),
}


def stage_label(code: str) -> str:
    return gettext(STAGES[code]) if code in STAGES else code


def risk_label(code: str) -> str:
    return gettext(RISK_LEVELS[code]) if code in RISK_LEVELS else code


def role_label(role: Role) -> str:
    return gettext(ROLES[role])


REPORTER_TYPES: dict[str, str] = {
    "school": N_("School"),
    "kindergarten": N_("Kindergarten"),
    "hospital": N_("Hospital"),
    "committee": N_("Village or residents' committee"),
    "welfare_institution": N_("Welfare institution"),
    "organisation": N_("Other organisation in close contact with children"),
    "citizen": N_("Citizen"),
    "police": N_("Police"),
}

CHANNELS: dict[str, str] = {
    "phone": N_("Telephone"),
    "walk_in": N_("In person"),
    "letter": N_("Letter"),
    "online": N_("Online"),
    "police_referral": N_("Referred by the police"),
}

# The four situations that must be reported to the police at once (SH2020-29 §四(一)).
SITUATIONS: dict[str, str] = {
    "alone_or_missing": N_("Child living alone without a guardian, or missing"),
    "guardian_incapable": N_("Guardian has lost capacity or does not perform duties"),
    "domestic_violence": N_("Suspected domestic violence"),
    "injury_or_harm": N_("Suspected accidental injury or unlawful harm"),
}

# Emergency response actions (SH2020-29 §四(二)).
EMERGENCY_ACTIONS: dict[str, str] = {
    "parents_ordered_back": N_("Parents ordered back"),
    "entrusted_to_relatives": N_("Entrusted to relatives"),
    "escorted_to_institution": N_("Escorted to a protection institution"),
    "fast_search": N_("Fast search for a missing child"),
    "domestic_violence": N_("Domestic-violence handling"),
    "admonition": N_("Parents admonished"),
}

SUPPORT_SERVICES: dict[str, str] = {
    "guardianship_guidance": N_("Guardianship guidance"),
    "medical": N_("Medical treatment"),
    "psychological": N_("Psychological counselling"),
    "behavioural": N_("Behaviour correction"),
    "legal_service": N_("Legal services"),
    "legal_aid": N_("Legal aid"),
    "family_education": N_("Family education guidance"),
    "social_assistance": N_("Social-assistance referral"),
}

SUPPORT_STATUSES: dict[str, str] = {
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
}

CARE_FORMS: dict[str, str] = {
    "institution_bed": N_("Bed in a protection institution"),
    "relative": N_("Entrusted to a relative"),
    "foster_family": N_("Foster family"),
}

RECOMMENDATIONS: dict[str, str] = {
    "support": N_("Support the family"),
    "temporary_guardianship": N_("Temporary guardianship"),
    "return": N_("Return to the guardian"),
    "revocation": N_("Petition to revoke guardianship"),
}

APPROVAL_STATUSES: dict[str, str] = {
    "pending": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of a code, or the code itself if the table lacks it."""
    if code is None:
        return ""
    return gettext(table[code]) if code in table else code


def approval_subject(kind: str, transition_code: str | None) -> str:
    """What a request asks the manager to approve, in the user's words."""
    if kind == "transition" and transition_code:
        from caseworker.policy.workflow import load_workflow

        t = load_workflow().transition(transition_code)
        return t.label if t else transition_code
    if kind == "assessment":
        return gettext(N_("capacity assessment conclusion"))
    return gettext(N_("case transfer"))
