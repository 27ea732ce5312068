"""One error tree. Tools raise these; faces map them to exit codes and HTTP statuses."""

from __future__ import annotations

from typing import Any


class SazonError(Exception):
    """Base error: a stable ``code`` slug and a message that is safe to show a user."""

    code = "error"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        words: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        #: For faces that speak the reader's language: ``{"key": ..., **values}`` names the
        #: wording of this refusal (the web's words) and what it mentions. Never sent by the
        #: API, whose answer is the stable ``code`` and ``message``.
        self.words = words or {}


class NotFound(SazonError):
    code = "not_found"


class Conflict(SazonError):
    code = "conflict"


class InvalidInput(SazonError):
    code = "invalid_input"


class NotFitted(SazonError):
    code = "not_fitted"


class DependencyUnavailable(SazonError):
    code = "dependency_unavailable"
    exit_code = 3


class Unauthorized(SazonError):
    code = "unauthorized"


class Forbidden(SazonError):
    code = "forbidden"


class PayloadTooLarge(SazonError):
    code = "payload_too_large"
