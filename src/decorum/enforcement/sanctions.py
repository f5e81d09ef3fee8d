"""Blocks: moderators block a user from one article's comments or from the whole site; the
sanction ladder in the policy blocks repeat offenders automatically. A blocked user can still
read. The statement of reasons is always stored and shown in the account; the e-mail is skipped
when the moderator chooses "without notice". A second site block is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.community.access import access_moderation, can_moderate
from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.core.errors import ErrorCode, PermissionDenied, ValidationFailed
from decorum.enforcement import audit, engine_adapter, notices
from decorum.enforcement.models import AccountNotice, Block, BlockScope, StatusChange


def active_blocks(user: Any) -> list[Block]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        Block.objects.filter(user_id=user.pk, lifted_at__isnull=True).select_related("article")
    )


def block_for(user: Any, article_id: int | None) -> Block | None:
    """The block that stops ``user`` commenting under ``article_id`` (site blocks first)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    # A user has few blocks in force (usually none): all of them are read and the one that
    # applies is chosen here, a plainer query than asking the database to choose (every post
    # asks this).
    in_force = Block.objects.filter(user_id=user.pk, lifted_at__isnull=True)
    if not in_force.exists():  # the usual answer, and the cheapest query to get it
        return None
    applies = [
        block
        for block in in_force
        if block.scope == BlockScope.SITE or block.article_id == article_id
    ]
    return max(
        applies, key=lambda block: (block.scope == BlockScope.SITE, block.created_at), default=None
    )


def blocked_message(block: Block) -> str:
    if block.scope == BlockScope.SITE:
        text = _("You have been blocked from commenting on this site. You can still read.")
    else:
        text = _("You have been blocked from commenting on this article.")
    if block.final:
        return f"{text} {_('This block is final.')}"
    return f"{text} {_('The reasons are in your account, where you can also appeal.')}"


def check_not_blocked(user: Any, article_id: int) -> None:
    """Raise ``PermissionDenied`` (code ``blocked``) if ``user`` may not comment here."""
    block = block_for(user, article_id)
    if block is not None:
        raise PermissionDenied(blocked_message(block), code=ErrorCode.BLOCKED)


def next_site_block_is_final(user: Any) -> bool:
    """A user blocked from the site once before (lifted or not) gets a final block next."""
    return Block.objects.filter(user_id=user.pk, scope=BlockScope.SITE).exists()


def notify(user: Any, subject: str, body: str, *, email: bool = True) -> AccountNotice:
    """Tell a user about a decision: always in their account, by e-mail unless told not to.

    The e-mail is an outbox entry sent after commit (``notices``), so a mail failure never
    breaks the decision and the e-mail is sent again until the mail server takes it."""
    notice = AccountNotice.objects.create(user=user, subject=subject, body=body)
    address: str = getattr(user, "email", "") or ""
    if email and address:
        notices.queue_email(notice)
    return notice


def _account_url() -> str:
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return f"{base}{reverse('accounts:profile')}"


@transaction.atomic
def block_user(
    *,
    user: Any,
    scope: str,
    moderator: Any,
    reason: str,
    article: Any = None,
    rule: str = "",
    without_notice: bool = False,
) -> Block:
    """Block ``user`` from commenting. ``moderator=None`` is the automatic sanction ladder."""
    if moderator is not None:
        access_moderation(moderator)
        if moderator.pk == user.pk:
            raise ValidationFailed(_("You cannot block yourself."), code=ErrorCode.SELF_BLOCK)
    if can_moderate(user) and not (moderator is not None and moderator.is_superuser):
        raise PermissionDenied(_("Only an administrator can block a moderator."))
    if scope not in BlockScope.values:
        raise ValidationFailed(_("Choose where the user is blocked."), code=ErrorCode.INVALID_SCOPE)
    if scope == BlockScope.ARTICLE and article is None:
        raise ValidationFailed(
            _("Choose the article to block the user from."), code=ErrorCode.ARTICLE_REQUIRED
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Write the statement of reasons: the user will read it."),
            code=ErrorCode.REASON_REQUIRED,
        )
    if rule and rule not in current_standards().rule_ids:
        raise ValidationFailed(
            _("Choose a rule of the community standards."), code=ErrorCode.INVALID_RULE
        )
    article_id = article.pk if scope == BlockScope.ARTICLE else None
    existing = Block.objects.select_for_update().filter(
        user_id=user.pk, lifted_at__isnull=True, scope=scope, article_id=article_id
    )
    if existing.exists():
        raise ValidationFailed(
            _("This user is already blocked there."), code=ErrorCode.ALREADY_BLOCKED
        )
    final = scope == BlockScope.SITE and next_site_block_is_final(user)
    block = Block.objects.create(
        user=user,
        scope=scope,
        article_id=article_id,
        rule=rule,
        reason=reason[:5000],
        moderator=moderator,
        without_notice=without_notice,
        final=final,
    )
    audit.record(
        action="user.blocked",
        actor=moderator,
        target=block,
        details={
            "user": user.public_id,
            "scope": scope,
            "article": article_id,
            "rule": rule,
            "final": final,
            "without_notice": without_notice,
            "automatic": moderator is None,
        },
    )
    if scope == BlockScope.SITE:
        what = _("You can no longer comment anywhere on this site. You can still read it.")
    else:
        what = _(
            "You can no longer comment under the article “%(title)s”. You can still comment "
            "elsewhere on the site."
        ) % {"title": article.title}
    lines = [
        what,
        "",
        _("Reasons: %(reason)s") % {"reason": reason},
    ]
    if final:
        lines += ["", _("This is your second block from the site: it is final.")]
    else:
        lines += ["", _("You can appeal from your account: %(url)s") % {"url": _account_url()}]
    notify(
        user, _("You have been blocked from commenting"), "\n".join(lines), email=not without_notice
    )
    return block


@transaction.atomic
def lift_block(*, block: Block, by: Any, reason: str) -> Block:
    """Restore a blocked user's access. A final block can be lifted only by an administrator."""
    access_moderation(by)
    block = Block.objects.select_for_update().get(pk=block.pk)
    if block.lifted_at is not None:
        raise ValidationFailed(_("This block has already been lifted."), code=ErrorCode.NOT_ACTIVE)
    if block.final and not by.is_superuser:
        raise PermissionDenied(_("This block is final; only an administrator can lift it."))
    block.lifted_at = timezone.now()
    block.lifted_by = by
    block.lift_reason = reason
    block.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit.record(
        action="user.unblocked",
        actor=by,
        target=block,
        details={"user": block.user.public_id, "scope": block.scope},
    )
    return block


def rejections_within(user: Any, days: int) -> int:
    """The user's comments rejected in the last ``days`` days, whoever rejected them."""
    since = timezone.now() - timedelta(days=days)
    return (
        StatusChange.objects.filter(
            comment__author_id=user.pk, to_status=CommentStatus.REJECTED, created_at__gte=since
        )
        .values("comment_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class LadderStep:
    """A step of the sanction ladder the user would reach with ``rejected`` rejections."""

    rejected: int
    days: int


def _step_reached(user: Any, *, more: int) -> LadderStep | None:
    """The first ladder step the user reaches with ``more`` rejections on top of the ones
    already counted; None when exempt (moderators) or already blocked from the site."""
    if can_moderate(user) or block_for(user, None) is not None:
        return None
    for step in engine_adapter.sanction_ladder():
        already = rejections_within(user, step["days"])
        if already + more >= step["rejections"]:
            return LadderStep(rejected=already, days=step["days"])
    return None


def step_reached_by_next_rejection(user: Any) -> LadderStep | None:
    """The ladder step one more rejection would reach, so the nudge can warn before posting."""
    return _step_reached(user, more=1)


def apply_sanction_ladder(comment: Comment) -> Block | None:
    """After a rejection: block the author when the policy's ladder says so.

    Counts the author's comments rejected within each step's window (whoever rejected them);
    the first step reached blocks the author from the site, unless already blocked there.
    """
    step = _step_reached(comment.author, more=0)
    if step is None:
        return None
    reason = _(
        "%(count)s of your comments were rejected within %(days)s days, which the "
        "community policy sanctions with a block from commenting."
    ) % {"count": step.rejected, "days": step.days}
    return block_user(
        user=comment.author,
        scope=BlockScope.SITE,
        moderator=None,
        reason=reason,
        rule=comment.status_changes.order_by("-created_at").values_list("rule", flat=True).first()
        or "",
    )
