"""Account administration: list, change role or district, deactivate, reset passwords,
and each user's own password change. Administrators only, except the last."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import District, Role, User
from caseworker.security.actor import Actor
from caseworker.services.accounts.signin import _hasher, create_user, hash_password
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied, NotFound, ValidationError
from caseworker.services.tx import begin_write

DISTRICT_ROLES = (Role.STAFF, Role.SOCIAL_WORKER, Role.MANAGER)
MIN_PASSWORD = 8


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    district: str
    active: bool
    locked_until: datetime | None


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise AccessDenied(_("Only a system administrator may manage accounts."))


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    _require_admin(actor)
    rows = session.execute(
        select(User, District.name)
        .outerjoin(District, District.code == User.district_code)
        .order_by(User.username)
    ).all()
    return [
        UserRow(u.id, u.username, u.display_name, u.role, d or "", u.active, u.locked_until)
        for u, d in rows
    ]


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    role: Role,
    district_code: str | None,
    display_name: str,
    active: bool,
) -> User:
    _require_admin(actor)
    begin_write(session)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    if role in DISTRICT_ROLES and session.get(District, district_code or "") is None:
        raise ValidationError(_("Choose the district this account works in."), field="district")
    if user.id == actor.user_id and (not active or role is not Role.ADMIN):
        raise ValidationError(_("You cannot remove your own administrator access."), field="role")
    if user.role is Role.ADMIN and (role is not Role.ADMIN or not active):
        admins = session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.active.is_(True))
        )
        if (admins or 0) <= 1:
            raise ValidationError(_("The last active administrator must stay."), field="role")
    before = {"role": user.role.value, "district": user.district_code, "active": user.active}
    user.role, user.active = role, active
    user.district_code = district_code if role in DISTRICT_ROLES else None
    user.display_name = display_name.strip() or user.display_name
    audit.record(
        session,
        actor,
        "user.update",
        entity_type="user",
        entity_id=user.id,
        before=before,
        after={"role": role.value, "district": user.district_code, "active": active},
    )
    session.commit()
    return user


def new_account(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: Role,
    district_code: str | None,
) -> str:
    """Create an account with a random first password, returned to be shown once to the
    administrator (who hands it over); the user changes it after signing in."""
    _require_admin(actor)
    password = secrets.token_urlsafe(9)
    create_user(
        session, actor, username=username, display_name=display_name, password=password,
        role=role, district_code=district_code,
    )  # fmt: skip
    return password


def reset_password(session: Session, actor: Actor, user_id: int) -> str:
    """Give the account a new random password (shown once to the administrator) and lift
    any lockout. The user should change it at next sign-in."""
    _require_admin(actor)
    begin_write(session)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    password = secrets.token_urlsafe(9)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, actor, "user.reset_password", entity_type="user", entity_id=user.id)
    session.commit()
    return password


def change_own_password(session: Session, actor: Actor, old: str, new: str) -> None:
    begin_write(session)
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound(_("No such account."))
    try:
        _hasher.verify(user.password_hash, old)
    except (VerificationError, InvalidHashError):
        audit.record(
            session, actor, "user.password_change_failed", entity_type="user", entity_id=user.id
        )
        session.commit()
        raise ValidationError(_("The current password is wrong."), field="old") from None
    if len(new) < MIN_PASSWORD:
        raise ValidationError(_("A password needs at least 8 characters."), field="new")
    if new == old:
        raise ValidationError(_("Choose a password different from the current one."), field="new")
    user.password_hash = hash_password(new)
    audit.record(session, actor, "user.password_change", entity_type="user", entity_id=user.id)
    session.commit()
