"""One error hierarchy: a stable code for machines, a full-sentence message for people, and the
HTTP status a view answers with, so no view maps errors to statuses by hand."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, ParamSpec

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

P = ParamSpec("P")


class ErrorCode(StrEnum):
    """Every code an error carries. Codes are API: clients and templates compare them, so a
    code is added here, never renamed."""

    ERROR = "error"
    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate_limited"
    NOT_FOUND = "not_found"
    # Comments and reports (community).
    TEXT_MISSING = "text_missing"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_DEEP = "too_deep"
    INVALID_CHARACTERS = "invalid_characters"
    INVALID_ENCODING = "invalid_encoding"
    NOT_COMMENTABLE = "not_commentable"
    COMMENTS_CLOSED = "comments_closed"
    LOGIN_REQUIRED = "login_required"
    PARENT_MISMATCH = "parent_mismatch"
    ALREADY_REPORTED = "already_reported"
    BLOCKED = "blocked"
    # Accounts.
    DISPLAY_NAME_SHORT = "display_name_short"
    DISPLAY_NAME_LONG = "display_name_long"
    DISPLAY_NAME_EMAIL = "display_name_email"
    DISPLAY_NAME_INVISIBLE = "display_name_invisible"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 (an error code, not a password)
    SELF = "self"
    ALREADY_DELETED = "already_deleted"
    EXPIRED = "expired"
    # News importing.
    NO_TEXT = "no_text"
    # Enforcement: decisions, blocks, appeals.
    INVALID_ACTION = "invalid_action"
    INVALID_ARTICLE = "invalid_article"
    INVALID_RULE = "invalid_rule"
    INVALID_STATUS = "invalid_status"
    INVALID_SCOPE = "invalid_scope"
    ARTICLE_REQUIRED = "article_required"
    SELF_BLOCK = "self_block"
    ALREADY_BLOCKED = "already_blocked"
    NOT_ACTIVE = "not_active"
    REASON_REQUIRED = "reason_required"
    LEGAL_GROUND_REQUIRED = "legal_ground_required"
    INVALID_SUBJECT = "invalid_subject"
    WRONG_PUBLIC_ID = "wrong_public_id"
    NOTHING_TO_APPEAL = "nothing_to_appeal"
    FINAL_BLOCK = "final_block"
    ALREADY_APPEALED = "already_appealed"
    EXPLANATION_TOO_SHORT = "explanation_too_short"
    EXPLANATION_TOO_LONG = "explanation_too_long"
    OWN_DECISION = "own_decision"
    DECIDED = "decided"
    # Enforcement: policy, models, reports.
    INVALID_POLICY = "invalid_policy"
    SAME = "same"
    DUPLICATE_VERSION = "duplicate_version"
    INVALID_VERSION = "invalid_version"
    UNKNOWN_REQUEST = "unknown_request"
    INVALID_MODEL = "invalid_model"
    UNKNOWN_MODEL = "unknown_model"
    INVALID_PERIOD = "invalid_period"


class DecorumError(Exception):
    """Base of every error an action raises on purpose."""

    code: ErrorCode = ErrorCode.ERROR
    status = 400

    def __init__(self, message: str, *, code: ErrorCode | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.data = data

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": str(self.message), "data": self.data}


class ValidationFailed(DecorumError):
    code = ErrorCode.INVALID


class PermissionDenied(DecorumError):
    code = ErrorCode.FORBIDDEN
    status = 403


class NotFound(DecorumError):
    code = ErrorCode.NOT_FOUND
    status = 404


class RateLimited(DecorumError):
    code = ErrorCode.RATE_LIMITED
    status = 429


# The site's error page lives with the comment templates every app already extends
# (a template-only coupling: core imports no app).
ERROR_TEMPLATE = "community/error.html"


def render_error(request: HttpRequest, error: DecorumError) -> HttpResponse:
    """The error page for ``error``, with the status its class carries."""
    return render(request, ERROR_TEMPLATE, {"message": error.message}, status=error.status)


def json_error(error: DecorumError) -> JsonResponse:
    """The API envelope ``{"code", "message", "data"}`` with the error's status."""
    return JsonResponse(error.as_dict(), status=error.status)


def renders_errors(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Let a view raise: a :class:`DecorumError` it does not catch becomes :func:`render_error`
    (access checks, mostly), so the view reads as parse, call, render."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except DecorumError as err:
            request = args[0]
            assert isinstance(request, HttpRequest)
            return render_error(request, err)

    return wrapper
