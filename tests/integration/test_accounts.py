"""Signing in: argon2 passwords, failed attempts audited, lockout after six."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.models import AuditEvent, Role, User, utcnow
from caseworker.services.accounts import signin as accounts
from caseworker.services.errors import AccessDenied, AuthenticationError, ValidationError


def _admin(session):  # type: ignore[no-untyped-def]
    accounts.create_user(
        session,
        None,
        username="admin",
        display_name="管理员",
        password="s3cret-pass",
        role=Role.ADMIN,
        district_code=None,
    )
    return accounts.authenticate(session, "admin", "s3cret-pass")


def test_first_account_is_the_administrator_and_only_admins_create_more(session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        accounts.create_user(
            session,
            None,
            username="sw",
            display_name="社工",
            password="x" * 8,
            role=Role.SOCIAL_WORKER,
            district_code="310115",
        )
    admin = _admin(session)
    user = accounts.create_user(
        session,
        admin,
        username="pd.sw",
        display_name="王社工",
        password="pass-word-1",
        role=Role.SOCIAL_WORKER,
        district_code="310115",
    )
    assert user.password_hash.startswith("$argon2")
    sw = accounts.authenticate(session, "pd.sw", "pass-word-1")
    with pytest.raises(AccessDenied):
        accounts.create_user(
            session,
            sw,
            username="x",
            display_name="x",
            password="y" * 8,
            role=Role.STAFF,
            district_code="310115",
        )


def test_account_validation_names_the_field(session) -> None:  # type: ignore[no-untyped-def]
    admin = _admin(session)
    with pytest.raises(ValidationError) as err:
        accounts.create_user(
            session,
            admin,
            username="a",
            display_name="",
            password="short",
            role=Role.STAFF,
            district_code="310115",
        )
    assert err.value.field == "password"
    with pytest.raises(ValidationError) as err:
        accounts.create_user(
            session,
            admin,
            username="b",
            display_name="",
            password="long-enough",
            role=Role.MANAGER,
            district_code=None,
        )
    assert err.value.field == "district"
    with pytest.raises(ValidationError) as err:
        accounts.create_user(
            session,
            admin,
            username="admin",
            display_name="",
            password="long-enough",
            role=Role.CITY,
            district_code=None,
        )
    assert "admin" in err.value.message


def test_wrong_password_and_unknown_user_get_the_same_answer(session) -> None:  # type: ignore[no-untyped-def]
    _admin(session)
    with pytest.raises(AuthenticationError) as wrong:
        accounts.authenticate(session, "admin", "nope")
    with pytest.raises(AuthenticationError) as unknown:
        accounts.authenticate(session, "nobody", "nope")
    assert wrong.value.message == unknown.value.message == "用户名或密码错误。"
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("login_failed") == 2
    assert "login" in actions


def test_six_failures_lock_the_account_for_thirty_minutes(session) -> None:  # type: ignore[no-untyped-def]
    _admin(session)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, "admin", "wrong")
    # Even the right password is refused while locked.
    with pytest.raises(AuthenticationError, match="锁定"):
        accounts.authenticate(session, "admin", "s3cret-pass")
    user = session.scalar(select(User).where(User.username == "admin"))
    assert user.locked_until - utcnow() > timedelta(minutes=29)
    # When the lock has run out the right password works again.
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert accounts.authenticate(session, "admin", "s3cret-pass").role is Role.ADMIN
