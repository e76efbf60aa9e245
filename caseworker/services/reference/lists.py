"""Reference lists for forms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.models import District


def district_choices(session: Session) -> list[tuple[str, str]]:
    """(code, name) of Shanghai's districts in their official order."""
    return [
        (c, n)
        for c, n in session.execute(
            select(District.code, District.name).order_by(District.sort_order)
        )
    ]
