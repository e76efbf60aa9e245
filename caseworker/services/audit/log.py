"""Reading the audit trail (administrators): filter by user, child, date and action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import AuditEvent, Case, Role
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied

LIMIT = 2000


@dataclass(frozen=True)
class AuditFilter:
    username: str = ""
    child_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    action: str = ""


def search_audit(session: Session, actor: Actor, f: AuditFilter) -> list[AuditEvent]:
    """Newest first, at most 2,000 rows. Looking at the trail is itself audited."""
    if actor.role is not Role.ADMIN:
        raise AccessDenied(_("Only a system administrator may read the audit trail."))
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(LIMIT)
    if f.username.strip():
        stmt = stmt.where(AuditEvent.username == f.username.strip())
    if f.action.strip():
        stmt = stmt.where(AuditEvent.action.startswith(f.action.strip()))
    if f.day_from:
        stmt = stmt.where(AuditEvent.occurred_at >= datetime.combine(f.day_from, time(), UTC))
    if f.day_to:
        end = datetime.combine(f.day_to + timedelta(days=1), time(), UTC)
        stmt = stmt.where(AuditEvent.occurred_at < end)
    if f.child_id is not None:
        cases = select(Case.id).where(Case.child_id == f.child_id)
        stmt = stmt.where(
            or_(
                (AuditEvent.entity_type == "child") & (AuditEvent.entity_id == f.child_id),
                (AuditEvent.entity_type == "case") & AuditEvent.entity_id.in_(cases),
            )
        )
    rows = list(session.scalars(stmt))
    audit.record(
        session,
        actor,
        "audit.search",
        username_filter=f.username,
        child=f.child_id,
        action_filter=f.action,
    )
    session.commit()
    return rows
