"""Loading a case for the acting user: one refusal for foreign and missing cases alike."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Case, Role
from caseworker.security.actor import Actor
from caseworker.services.errors import AccessDenied, NotFound


def not_visible() -> NotFound:
    # The same words for "no such case" and "a case in another district".
    return NotFound(_("No such case in the districts you may access."))


def load_case(session: Session, actor: Actor, case_id: int, *, for_update: bool = False) -> Case:
    actor.require_case_access()
    stmt = select(Case).where(Case.id == case_id)
    if for_update:
        stmt = stmt.with_for_update()
    case = session.scalar(stmt)
    if case is None or not actor.can_see_district(case.district_code):
        raise not_visible()
    return case


def load_case_by_number(session: Session, actor: Actor, number: str) -> Case:
    actor.require_case_access()
    case = session.scalar(select(Case).where(Case.case_number == number.strip()))
    if case is None or not actor.can_see_district(case.district_code):
        raise not_visible()
    return case


def require_manager(actor: Actor, district_code: str) -> None:
    """Approvals and reassignments are for the district's manager (or city-level staff)."""
    actor.require_district(district_code)
    if actor.role not in (Role.MANAGER, Role.CITY):
        raise AccessDenied(_("Only a manager may decide this."))


def require_case_worker(actor: Actor) -> None:
    """Recording casework is for social workers, managers and city staff. Institution staff
    look after the children in their beds: they read cases but do not record casework."""
    if actor.role not in (Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY):
        raise AccessDenied(
            _("Your role does not record casework; it may read the cases of its district.")
        )
