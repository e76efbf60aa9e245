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
    pass


class AuthenticationError(DomainError):
    pass
