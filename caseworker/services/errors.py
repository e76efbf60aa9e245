"""Domain errors: what went wrong, in words a caseworker can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action. `message` is shown to the user as it is (already translated)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AccessDenied(DomainError):
    """The acting user may not do this. Never says whether a foreign record exists."""


class NotFound(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input. `errors` maps each field to what is wrong with it, for marking the form."""

    def __init__(
        self, message: str, *, field: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors or ({field: message} if field else {})


def check_fields(errors: dict[str, str]) -> None:
    """Raise one ValidationError naming every bad field, or nothing if all are good."""
    if errors:
        first = next(iter(errors))
        raise ValidationError("；".join(errors.values()), field=first, errors=dict(errors))


class AuthenticationError(DomainError):
    pass


class AccountLocked(AuthenticationError):
    """Too many failed attempts: the account is locked for a while."""
