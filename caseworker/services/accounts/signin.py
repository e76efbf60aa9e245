"""Signing in and creating accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import AppMeta, District, Role, User, utcnow
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.errors import (
    AccessDenied,
    AccountLocked,
    AuthenticationError,
    ValidationError,
)
from caseworker.services.tx import begin_write

MAX_FAILED_LOGINS = 6
LOCKOUT = timedelta(minutes=30)
DEMO_PASSWORD = "demo"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(session: Session, username: str, password: str) -> Actor:
    """Check a password; lock the account after repeated failures. Commits the audit row."""
    user = session.scalar(select(User).where(User.username == username))
    now = utcnow()
    # One message for unknown names and wrong passwords: do not reveal which accounts exist.
    wrong = _("Wrong user name or password.")
    if user is None or not user.active:
        audit.record(session, None, "login_failed", username=username, reason="unknown")
        session.commit()
        raise AuthenticationError(wrong)
    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, None, "login_failed", username=username, reason="locked")
        session.commit()
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AuthenticationError(
            _(
                "This account is locked after too many failed attempts; try again in {n} minutes."
            ).format(n=minutes)
        )
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        locked = user.failed_logins >= MAX_FAILED_LOGINS
        if locked:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        audit.record(
            session, None, "login_failed", username=username, reason="password", locked=locked
        )
        session.commit()
        raise (_locked(LOCKOUT) if locked else AuthenticationError(wrong)) from None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    actor = Actor.of(user)
    audit.record(session, actor, "login")
    session.commit()
    return actor


def _locked(remaining: timedelta) -> AccountLocked:
    minutes = max(1, int(remaining.total_seconds() // 60) + 1)
    return AccountLocked(
        _(
            "This account is locked after too many failed attempts; try again in {n} minutes."
        ).format(n=minutes)
    )


def has_accounts(session: Session) -> bool:
    """False on a new database: the first start asks for the administrator instead of a
    sign-in nobody could pass."""
    return session.scalar(select(User.id).limit(1)) is not None


def create_first_admin(
    session: Session, *, username: str, display_name: str, password: str, again: str
) -> Actor:
    """The administrator of a new database, signed in. Refused once any account exists."""
    if password != again:
        raise ValidationError(
            _("The two passwords differ; type the same password twice."), field="again"
        )
    create_user(
        session, None, username=username, display_name=display_name, password=password,
        role=Role.ADMIN, district_code=None,
    )  # fmt: skip
    return authenticate(session, username.strip(), password)


def create_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    display_name: str,
    password: str,
    role: Role,
    district_code: str | None,
) -> User:
    """Create an account. Only an administrator may, except for the very first account."""
    begin_write(session)  # two first runs at once: the second sees the first's account
    first = not has_accounts(session)
    if not first and (actor is None or actor.role is not Role.ADMIN):
        raise AccessDenied(_("Only a system administrator may create accounts."))
    if first and role is not Role.ADMIN:
        raise ValidationError(_("The first account must be a system administrator."))
    username = username.strip()
    if not username:
        raise ValidationError(_("Enter a user name."), field="username")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(
            _("The user name {name} is taken.").format(name=username), field="username"
        )
    if len(password) < 8:
        raise ValidationError(_("A password needs at least 8 characters."), field="password")
    needs_district = role in (Role.STAFF, Role.SOCIAL_WORKER, Role.MANAGER)
    if needs_district and session.get(District, district_code or "") is None:
        raise ValidationError(_("Choose the district this account works in."), field="district")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
        role=role,
        district_code=district_code if needs_district else None,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", entity_type="user", entity_id=user.id)
    session.commit()
    return user


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    district_name: str | None


def demo_accounts(session: Session) -> list[DemoAccount]:
    """The demo users, listed on the login screen of a demo database (and only there)."""
    if session.get(AppMeta, "demo") is None:
        return []
    rows = session.execute(
        select(User.username, User.display_name, User.role, District.name)
        .outerjoin(District, District.code == User.district_code)
        .where(User.active.is_(True))
        .order_by(User.id)
    ).all()
    return [DemoAccount(*row) for row in rows]
