"""One error hierarchy: a stable code for machines, a full-sentence message for people."""

from __future__ import annotations

from typing import Any


class DecorumError(Exception):
    """Base of every error an action raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.data = data

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "data": self.data}


class ValidationFailed(DecorumError):
    code = "invalid"


class PermissionDenied(DecorumError):
    code = "forbidden"


class RateLimited(DecorumError):
    code = "rate_limited"


class NotFound(DecorumError):
    code = "not_found"
