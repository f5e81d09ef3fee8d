"""``do_*`` writes of a comment's status: the only place a comment's ``status`` is written.

Every change writes a :class:`StatusChange` in the same transaction, so each decision can be
explained later (statements of reasons, appeals).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from decorum.community import app_settings
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement import app_settings as enforcement_settings
from decorum.enforcement.models import (
    ScreeningWork,
    StatusChange,
    WorkOutcome,
)


def change_status(
    comment: Comment,
    to_status: str,
    *,
    actor: Any = None,
    rule: str = "",
    note: str = "",
    by_system: bool = False,
) -> Comment:
    """Move ``comment`` to ``to_status`` and record the change (who, which rule, why). A
    person's change closes the comment's open automatic check; a rejection runs the sanction
    ladder.

    Preconditions: the caller decided the change is allowed (access, the status it comes from)
    and holds a transaction and, for a saved comment, a lock on it.
    """
    from_status = "" if comment._state.adding else comment.status
    now = timezone.now()
    comment.status = to_status
    comment.updated_at = now
    comment.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        comment=comment,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        by_system=by_system,
        rule=rule,
        note=note,
        created_at=now,
        comment_created_at=comment.created_at,
    )
    if not by_system and from_status:
        # A person decided (or removed the comment): an automatic check still on its way
        # must not overrule them, and the reconciler has nothing left to send.
        ScreeningWork.objects.filter(comment_id=comment.pk).close(
            WorkOutcome.REMOVED
            if to_status == CommentStatus.REMOVED
            else WorkOutcome.DECIDED_BY_PERSON
        )
    if to_status == CommentStatus.REJECTED and from_status != CommentStatus.REJECTED:
        from decorum.enforcement.sanctions import apply_sanction_ladder

        apply_sanction_ladder(comment)
    return comment


def initial_status(*, screen: bool = True) -> str:
    """The status a new comment starts in: pending while the engine checks it (or while a
    moderator must approve it under pre-moderation), else published at once."""
    if app_settings.premoderation() or (screen and enforcement_settings.screening()):
        return CommentStatus.PENDING
    return CommentStatus.PUBLISHED


def record_initial_status(*, comment: Comment, screen: bool = True) -> None:
    """Write the decision record for a just-created comment (status set by ``initial_status``)
    and queue the engine's check for after commit."""
    from decorum.enforcement.screening import AWAITING_CHECK, schedule_screening

    screen = screen and enforcement_settings.screening()
    if screen:
        note = AWAITING_CHECK
    elif comment.status == CommentStatus.PENDING:
        note = "premoderation"
    else:
        note = "postmoderation"
    StatusChange.objects.create(
        comment=comment,
        from_status="",
        to_status=comment.status,
        by_system=True,
        note=note,
        created_at=comment.created_at,
        comment_created_at=comment.created_at,
    )
    if screen:
        schedule_screening(comment, new=True)


def review_after_edit(*, comment: Comment, role: str) -> Comment:
    """Send a published comment back to review when its author edits it under pre-moderation,
    so an approved comment cannot be swapped for an unreviewed text.

    An author's edit is checked by the engine again; a moderator's edit is not.

    Precondition: the caller holds a transaction and a lock on the comment.
    """
    from decorum.enforcement.screening import schedule_screening

    if role == "author":
        schedule_screening(comment)
    if (
        role == "author"
        and app_settings.premoderation()
        and comment.status == CommentStatus.PUBLISHED
    ):
        return change_status(
            comment, CommentStatus.PENDING, by_system=True, note="edited by the author"
        )
    return comment


def remove_comment(*, comment: Comment, actor: Any, note: str = "") -> Comment:
    """Take a comment down (its author deleted it, or a moderator did). Text stays for audit.

    Precondition: the caller checked access (``access_comment_for_delete``) and holds a
    transaction.
    """
    return change_status(comment, CommentStatus.REMOVED, actor=actor, note=note)
