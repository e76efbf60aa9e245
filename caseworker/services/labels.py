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
