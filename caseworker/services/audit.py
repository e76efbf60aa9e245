"""Writing audit events, in the same transaction as the action they describe."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from caseworker.models import AuditEvent
from caseworker.services.actor import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    district_code: str | None = None,
    username: str | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else (username or ""),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        district_code=district_code,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    )
    session.add(event)
    return event
