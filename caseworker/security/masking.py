"""Masking of identifying numbers for roles that may not see them whole."""

from __future__ import annotations

from caseworker.models import Role
from caseworker.security.actor import Actor

# Roles that need full ID numbers for their work (applications to courts, benefits).
FULL_ID_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})


def mask(number: str) -> str:
    """310115********1234: the district and the last four stay readable."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_id_number(number: str | None, actor: Actor) -> str:
    if not number:
        return ""
    return number if actor.role in FULL_ID_ROLES else mask(number)
