"""Who may do what in enforcement: one ``access_<thing>_for_<purpose>()`` per decision, each
raising :class:`PermissionDenied` (or :class:`NotFound`) so views and actions ask the same
question the same way. Comment moderation itself is community's (``access_moderation``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from decorum.community.access import access_moderation, can_moderate
from decorum.community.models import Comment
from decorum.community.selectors import get_visible_comment
from decorum.core.errors import ErrorCode, NotFound, PermissionDenied
from decorum.enforcement.models import Appeal

POLICY_EDIT_PERMISSION = "enforcement.add_policyversion"


def _is_administrator(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def can_edit_policy(user: Any) -> bool:
    """Staff holding ``enforcement.add_policyversion`` (and superusers)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm(POLICY_EDIT_PERMISSION))
    )


def access_policy_for_editing(user: Any) -> None:
    if not can_edit_policy(user):
        raise PermissionDenied(_("Only administrators can change the community policy."))


def access_model_versions_for_choosing(user: Any) -> None:
    """Only administrators choose the model that decides comments."""
    if not _is_administrator(user):
        raise PermissionDenied(_("Only administrators can choose the moderation model."))


def access_transparency_report(user: Any) -> None:
    """Administrators only: the report is the publisher's, not a moderator's working tool."""
    if not _is_administrator(user):
        raise PermissionDenied(_("Only administrators can see the transparency report."))


def access_appeal_for_decision(moderator: Any, appeal: Appeal) -> None:
    """Any moderator but the one who made the decision appealed (administrators may)."""
    access_moderation(moderator)
    if appeal.original_decider_id == moderator.pk and not moderator.is_superuser:
        raise PermissionDenied(
            _("You made the original decision; another moderator must review this appeal."),
            code=ErrorCode.OWN_DECISION,
        )


def access_comment_for_decision(user: Any, comment_id: int) -> Comment:
    """The comment a moderator approves or rejects; refuses non-moderators first, so a
    stranger learns nothing about which ids exist."""
    access_moderation(user)
    comment = get_visible_comment(comment_id, user)
    if comment is None:
        raise NotFound(_("This comment does not exist."))
    return comment


def access_comment_for_status(user: Any, comment_id: int) -> Comment:
    """A comment's screening status, for its author (the page polls it) and moderators; the
    same answer for a missing comment and someone else's."""
    comment = Comment.objects.filter(pk=comment_id).only("pk", "author_id", "status").first()
    own = user.is_authenticated and comment is not None and comment.author_id == user.pk
    if comment is None or not (own or can_moderate(user)):
        raise NotFound(_("No such comment."))
    return comment
