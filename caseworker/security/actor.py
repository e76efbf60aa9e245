"""The acting user every service receives, and what their role lets them see."""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.i18n import _
from caseworker.models import Role, User
from caseworker.services.errors import AccessDenied

# Roles that work with children's records; administrators manage accounts only.
CASE_ROLES = frozenset({Role.STAFF, Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role
    district_code: str | None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.username, user.display_name, user.role, user.district_code)

    @property
    def sees_all_districts(self) -> bool:
        return self.role is Role.CITY

    def visible_districts(self) -> frozenset[str] | None:
        """None means every district; an empty set means none."""
        if self.role not in CASE_ROLES:
            return frozenset()
        if self.sees_all_districts:
            return None
        return frozenset({self.district_code}) if self.district_code else frozenset()

    def can_see_district(self, code: str | None) -> bool:
        visible = self.visible_districts()
        return visible is None or code in visible

    def require_case_access(self) -> None:
        if self.role not in CASE_ROLES:
            raise AccessDenied(_("Your role does not give access to case records."))

    def require_district(self, code: str | None) -> None:
        self.require_case_access()
        if not self.can_see_district(code):
            # Same words whether or not the record exists: no probing foreign districts.
            raise AccessDenied(_("This record is outside the districts you may access."))
