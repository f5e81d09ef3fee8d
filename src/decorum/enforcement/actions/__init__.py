"""Enforcement's writes, by topic; every public name is re-exported here, so callers import
``decorum.enforcement.actions`` and need not know the module.

``check_*`` functions validate input and access and raise; the writes (``change_status``,
``approve_comment``, ...) apply a checked change atomically, their preconditions in their
docstrings."""

from __future__ import annotations

from decorum.enforcement.actions.decisions import approve_comment, check_rule, reject_comment
from decorum.enforcement.actions.status import (
    change_status,
    initial_status,
    record_initial_status,
    remove_comment,
    review_after_edit,
)

__all__ = [
    "approve_comment",
    "change_status",
    "check_rule",
    "initial_status",
    "record_initial_status",
    "reject_comment",
    "remove_comment",
    "review_after_edit",
]
