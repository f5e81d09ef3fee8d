"""Who may touch a comment: one ``access_comment_for_<purpose>()`` per purpose."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from decorum.community.models import Comment, CommentStatus, EditorRole
from decorum.core.errors import NotFound, PermissionDenied

MODERATE_PERMISSION = "community.moderate_comment"


def can_moderate(user: Any) -> bool:
    """Staff holding ``community.moderate_comment`` (the Moderators group, superusers)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(MODERATE_PERMISSION)
    )


def access_moderation(user: Any) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can review comments."))


def access_comment_for_edit(user: Any, comment: Comment) -> str:
    """Return the role (author or moderator) ``user`` edits ``comment`` in, or refuse."""
    if comment.status == CommentStatus.REMOVED:
        raise NotFound(_("This comment has been removed and can no longer be edited."))
    if can_moderate(user):
        return EditorRole.MODERATOR if comment.author_id != user.pk else EditorRole.AUTHOR
    if user.is_authenticated and comment.author_id == user.pk:
        if comment.status == CommentStatus.REJECTED:
            raise PermissionDenied(_("A rejected comment cannot be edited."))
        return EditorRole.AUTHOR
    raise PermissionDenied(_("You can only edit your own comments."))


def access_comment_for_delete(user: Any, comment: Comment) -> str:
    """Return the role ``user`` deletes ``comment`` in, or refuse."""
    if comment.status == CommentStatus.REMOVED:
        raise NotFound(_("This comment has already been removed."))
    if user.is_authenticated and comment.author_id == user.pk:
        return EditorRole.AUTHOR
    if can_moderate(user):
        return EditorRole.MODERATOR
    raise PermissionDenied(_("You can only delete your own comments."))


def access_comment_for_report(user: Any, comment: Comment) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to report a comment."))
    if comment.status != CommentStatus.PUBLISHED:
        raise NotFound(_("Only published comments can be reported."))
    if comment.author_id == user.pk:
        raise PermissionDenied(_("You cannot report your own comment."))


def access_comment_for_reply(user: Any, parent: Comment) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to reply to a comment."))
    if parent.status != CommentStatus.PUBLISHED:
        raise NotFound(_("You can only reply to a published comment."))
