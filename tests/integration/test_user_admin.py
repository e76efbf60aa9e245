"""Account administration and the audit viewer's search."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker.models import Role
from caseworker.services.accounts import admin as user_admin
from caseworker.services.accounts import signin as accounts
from caseworker.services.audit.log import AuditFilter, search_audit
from caseworker.services.cases.detail import case_detail
from caseworker.services.errors import AccessDenied, AuthenticationError, ValidationError
from tests.support.casework import new_case
from tests.support.factories import actor, build_small_demo


@pytest.fixture
def demo(engine, session):  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=30)
    return session


def test_admin_changes_role_and_district_and_deactivates(demo) -> None:  # type: ignore[no-untyped-def]
    admin = actor(demo, "admin")
    sw = next(u for u in user_admin.list_users(demo, admin) if u.username == "pudong.sw2")
    user_admin.update_user(
        demo, admin, sw.id, role=Role.MANAGER, district_code="310101", display_name="", active=True
    )
    moved = actor(demo, "pudong.sw2")
    assert moved.role is Role.MANAGER and moved.district_code == "310101"
    user_admin.update_user(
        demo, admin, sw.id, role=Role.MANAGER, district_code="310101", display_name="", active=False
    )
    with pytest.raises(AuthenticationError):
        actor(demo, "pudong.sw2")
    with pytest.raises(ValidationError) as err:
        user_admin.update_user(
            demo, admin, sw.id, role=Role.STAFF, district_code=None, display_name="", active=True
        )
    assert err.value.field == "district"


def test_the_last_administrator_stays(demo) -> None:  # type: ignore[no-untyped-def]
    admin = actor(demo, "admin")
    with pytest.raises(ValidationError):
        user_admin.update_user(
            demo,
            admin,
            admin.user_id,
            role=Role.CITY,
            district_code=None,
            display_name="",
            active=True,
        )


def test_only_admins_manage_accounts(demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        user_admin.list_users(demo, actor(demo, "city"))
    with pytest.raises(AccessDenied):
        user_admin.reset_password(demo, actor(demo, "pudong.manager"), 3)


def test_reset_lifts_a_lockout_and_the_user_changes_it(demo) -> None:  # type: ignore[no-untyped-def]
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(demo, "pudong.sw1", "wrong")
    admin = actor(demo, "admin")
    target = next(u for u in user_admin.list_users(demo, admin) if u.username == "pudong.sw1")
    assert target.locked_until is not None
    temporary = user_admin.reset_password(demo, admin, target.id)
    sw = accounts.authenticate(demo, "pudong.sw1", temporary)
    with pytest.raises(ValidationError) as err:
        user_admin.change_own_password(demo, sw, "not-it", "new-password-1")
    assert err.value.field == "old"
    with pytest.raises(ValidationError):
        user_admin.change_own_password(demo, sw, temporary, "short")
    user_admin.change_own_password(demo, sw, temporary, "new-password-1")
    assert accounts.authenticate(demo, "pudong.sw1", "new-password-1").username == "pudong.sw1"


def test_audit_search_by_user_child_action_and_day(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    case = new_case(demo, sw, name="审计儿")
    case_detail(demo, sw, case.id)
    admin = actor(demo, "admin")
    by_child = search_audit(demo, admin, AuditFilter(child_id=case.child_id))
    assert {e.action for e in by_child} >= {"child.create", "case.open", "case.view"}
    by_user = search_audit(demo, admin, AuditFilter(username="pudong.sw1", action="case."))
    assert by_user and all(
        e.username == "pudong.sw1" and e.action.startswith("case.") for e in by_user
    )
    assert search_audit(demo, admin, AuditFilter(day_to=date(2000, 1, 1))) == []
    with pytest.raises(AccessDenied):
        search_audit(demo, sw, AuditFilter())
