"""Appeals: a blocked user, or the author of a rejected comment, asks for another look.

A moderator other than the one who made the original decision decides (an administrator may
override that); appeals against automatic decisions always go to a person. The user is told
by e-mail and in their account. A final block cannot be appealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.community.models import Comment, CommentStatus
from decorum.core.errors import ErrorCode, PermissionDenied, RateLimited, ValidationFailed
from decorum.core.ratelimit import over_limit
from decorum.enforcement import audit, engine_adapter
from decorum.enforcement.access import access_appeal_for_decision
from decorum.enforcement.actions import approve_comment
from decorum.enforcement.models import (
    Appeal,
    AppealStatus,
    AppealSubject,
    Block,
    Decision,
)
from decorum.enforcement.sanctions import lift_block, notify

MIN_EXPLANATION = 20
MAX_EXPLANATION = 5000
APPEALS_PER_DAY = 5


def window() -> timedelta:
    return timedelta(days=engine_adapter.appeal_window_days())


@dataclass(frozen=True, slots=True)
class Appealable:
    """What a user may appeal right now, for the form."""

    block: Block | None
    final_block: Block | None
    comments: tuple[Comment, ...]


def appealable(user: Any) -> Appealable:
    since = timezone.now() - window()
    blocks = list(
        Block.objects.filter(user_id=user.pk, lifted_at__isnull=True).order_by("-created_at")
    )
    final = next((b for b in blocks if b.final), None)
    open_block = next((b for b in blocks if not b.final and b.created_at >= since), None)
    comments = tuple(
        Comment.objects.filter(
            author_id=user.pk, status=CommentStatus.REJECTED, updated_at__gte=since
        )
        .select_related("article")
        .order_by("-updated_at")[:50]
    )
    return Appealable(block=open_block, final_block=final, comments=comments)


def _count(user: Any) -> None:
    # The last 24 hours (core.ratelimit's window slides).
    if over_limit("appeals", str(user.pk), limit=APPEALS_PER_DAY, window=86400):
        raise RateLimited(_("You have sent many appeals today. Please wait until tomorrow."))


@transaction.atomic
def submit_appeal(
    *, user: Any, subject: str, public_id: str, explanation: str, comment_id: Any = None
) -> Appeal:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Log in to appeal."))
    if (public_id or "").strip() != user.public_id:
        raise ValidationFailed(
            _("The user ID does not match your account. Your ID is shown in your account."),
            code=ErrorCode.WRONG_PUBLIC_ID,
        )
    explanation = (explanation or "").strip()
    if len(explanation) < MIN_EXPLANATION:
        raise ValidationFailed(
            _("Explain in a few sentences (at least %(n)s characters) why the decision is wrong.")
            % {"n": MIN_EXPLANATION},
            code=ErrorCode.EXPLANATION_TOO_SHORT,
        )
    if len(explanation) > MAX_EXPLANATION:
        raise ValidationFailed(
            _("Keep the explanation under %(n)s characters.") % {"n": MAX_EXPLANATION},
            code=ErrorCode.EXPLANATION_TOO_LONG,
        )
    items = appealable(user)
    block: Block | None = None
    comment: Comment | None = None
    decider: Any = None
    if subject == AppealSubject.ACCOUNT:
        if items.block is None:
            if items.final_block is not None:
                raise ValidationFailed(
                    _(
                        "Your account was blocked from the site for the second time, so the "
                        "block is final and cannot be appealed."
                    ),
                    code=ErrorCode.FINAL_BLOCK,
                )
            raise ValidationFailed(
                _("There is no block on your account that can still be appealed."),
                code=ErrorCode.NOTHING_TO_APPEAL,
            )
        block = items.block
        decider = block.moderator
        target: Any = block
    elif subject == AppealSubject.COMMENT:
        comment = next((c for c in items.comments if str(c.pk) == str(comment_id)), None)
        if comment is None:
            raise ValidationFailed(
                _("Choose one of your rejected comments from the last %(days)s days to appeal.")
                % {"days": window().days},
                code=ErrorCode.NOTHING_TO_APPEAL,
            )
        decision = Decision.objects.filter(comment=comment).order_by("-created_at").first()
        decider = decision.moderator if decision is not None else None
        target = comment
    else:
        raise ValidationFailed(
            _("Choose what the appeal is about."), code=ErrorCode.INVALID_SUBJECT
        )
    duplicate = Appeal.objects.filter(user_id=user.pk, status=AppealStatus.OPEN)
    duplicate = duplicate.filter(block=block) if block else duplicate.filter(comment=comment)
    if duplicate.exists():
        raise ValidationFailed(
            _("You have already appealed this decision; a moderator will answer."),
            code=ErrorCode.ALREADY_APPEALED,
        )
    _count(user)
    appeal = Appeal.objects.create(
        user=user,
        subject=subject,
        public_id=user.public_id,
        explanation=explanation,
        comment=comment,
        block=block,
        original_decider=decider,
    )
    audit.record(
        action="appeal.submitted",
        actor=user,
        target=appeal,
        details={"subject": subject, "target": f"{target._meta.label_lower}:{target.pk}"},
    )
    notify(
        user,
        _("We received your appeal"),
        _("A moderator who did not make the original decision will review it and answer you."),
        email=False,
    )
    return appeal


@transaction.atomic
def decide_appeal(*, appeal: Appeal, moderator: Any, grant: bool, reason: str) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    access_appeal_for_decision(moderator, appeal)
    if appeal.status != AppealStatus.OPEN:
        raise ValidationFailed(_("This appeal has already been decided."), code=ErrorCode.DECIDED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Write the reason for your decision: the user will read it."),
            code=ErrorCode.REASON_REQUIRED,
        )
    if grant:
        if appeal.block is not None and appeal.block.lifted_at is None:
            lift_block(block=appeal.block, by=moderator, reason=reason)
        if appeal.comment is not None and appeal.comment.status == CommentStatus.REJECTED:
            approve_comment(comment=appeal.comment, moderator=moderator, note=reason)
    appeal.status = AppealStatus.GRANTED if grant else AppealStatus.DENIED
    appeal.decided_by = moderator
    appeal.decision_reason = reason
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "decided_by", "decision_reason", "decided_at"])
    audit.record(
        action="appeal.granted" if grant else "appeal.denied",
        actor=moderator,
        target=appeal,
        details={
            "subject": appeal.subject,
            "original_decider_was_automatic": appeal.original_decider_id is None,
        },
    )
    if grant:
        subject = _("Your appeal was granted")
        what = (
            _("Your access to comments has been restored.")
            if appeal.subject == AppealSubject.ACCOUNT
            else _("Your comment has been published.")
        )
    else:
        subject = _("Your appeal was denied")
        what = _("The decision stands.")
    notify(appeal.user, subject, f"{what}\n\n{_('Reason')}: {reason}")
    return appeal


def open_appeals() -> list[Appeal]:
    return list(
        Appeal.objects.filter(status=AppealStatus.OPEN)
        .select_related("user", "block", "comment", "original_decider")
        .order_by("created_at")[:200]
    )
