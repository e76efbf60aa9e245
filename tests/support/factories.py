"""Small builders for test data that goes through the same tables the app uses."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.demo.build import build_demo
from caseworker.models import User
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate

DEMO_TODAY = date(2026, 11, 22)


def build_small_demo(engine, children: int = 300, seed: int = 7):  # type: ignore[no-untyped-def]
    return build_demo(engine, children=children, seed=seed, today=DEMO_TODAY)


def actor(session: Session, username: str) -> Actor:
    """Sign in a demo user the way the app does."""
    return authenticate(session, username, DEMO_PASSWORD)


def first_user_of_role(session: Session, role: str, district: str | None = None) -> User:
    stmt = select(User).where(User.role == role).order_by(User.id)
    if district:
        stmt = stmt.where(User.district_code == district)
    user = session.scalars(stmt).first()
    assert user is not None
    return user
