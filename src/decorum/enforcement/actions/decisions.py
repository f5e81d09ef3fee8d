"""Moderators' decisions on one comment: ``check_*`` validate what a moderator sent and raise,
``approve_comment``/``reject_comment`` apply a checked decision (the ``do_*`` writes, named
as callers have always called them) and record it beside the engine's."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from decorum.community.access import access_moderation
from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import audit
from decorum.enforcement.actions.status import change_status
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource


def _record_human_decision(
    comment: Comment, moderator: Any, action: str, *, rule: str, note: str
) -> Decision:
    """A moderator's decision overrides the engine's; both stay on record."""
    decision = Decision.objects.create(
        comment=comment,
        source=DecisionSource.MODERATOR,
        action=action,
        rules=[rule] if rule else [],
        cited_rule=rule,
        moderator=moderator,
        note=note,
        text_checked=comment.text,
    )
    audit.record(
        action=f"comment.{action}",
        actor=moderator,
        target=comment,
        details={"decision": decision.pk, "rule": rule, "from_status": comment.status},
    )
    return decision


def check_rule(rule: str) -> str:
    """The rule id a moderator cited, stripped; it must be in the standards in force."""
    rule = (rule or "").strip()
    if rule not in current_standards().rule_ids:
        raise ValidationFailed(
            _("Choose the rule of the community standards this comment breaks."),
            code=ErrorCode.INVALID_RULE,
        )
    return rule


@transaction.atomic
def approve_comment(*, comment: Comment, moderator: Any, note: str = "") -> Comment:
    """Publish a pending (or previously rejected) comment."""
    access_moderation(moderator)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status not in (CommentStatus.PENDING, CommentStatus.REJECTED):
        raise ValidationFailed(
            _("Only pending or rejected comments can be approved."), code=ErrorCode.INVALID_STATUS
        )
    _record_human_decision(comment, moderator, DecisionAction.ALLOW, rule="", note=note)
    return change_status(comment, CommentStatus.PUBLISHED, actor=moderator, note=note)


@transaction.atomic
def reject_comment(*, comment: Comment, moderator: Any, rule: str, note: str = "") -> Comment:
    """Reject a pending or published comment, citing the rule it breaks."""
    access_moderation(moderator)
    rule = check_rule(rule)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status not in (CommentStatus.PENDING, CommentStatus.PUBLISHED):
        raise ValidationFailed(
            _("Only pending or published comments can be rejected."), code=ErrorCode.INVALID_STATUS
        )
    _record_human_decision(comment, moderator, DecisionAction.REJECT, rule=rule, note=note)
    return change_status(comment, CommentStatus.REJECTED, actor=moderator, rule=rule, note=note)
