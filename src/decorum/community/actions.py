"""Writes for comments: ``check_*`` validate untrusted input, the public actions apply it.

Views, the API and commands call these; none of them writes a comment directly.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from decorum.community import app_settings
from decorum.community.access import (
    access_comment_for_delete,
    access_comment_for_edit,
    access_comment_for_reply,
    access_comment_for_report,
)
from decorum.community.gate import get_gate
from decorum.community.models import Comment, CommentReport, CommentRevision, CommentStatus
from decorum.community.standards import current_standards
from decorum.community.text import cap_combining_marks
from decorum.core import ratelimit
from decorum.core.errors import ErrorCode, NotFound, PermissionDenied, RateLimited, ValidationFailed

ALLOWED_CONTROL = frozenset("\n\t")
REPORT_NOTE_MAX = 500


def check_comment_text(text: Any) -> str:
    """Return the comment text normalised (newlines, trimmed, at most
    ``MAX_MARKS_PER_CHARACTER`` combining marks on a character, so it cannot draw over the
    page), or raise ``ValidationFailed``."""
    if not isinstance(text, str):
        raise ValidationFailed(_("The comment text is missing."), code=ErrorCode.TEXT_MISSING)
    text = cap_combining_marks(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ValidationFailed(
            _("Write something before posting your comment."), code=ErrorCode.EMPTY
        )
    limit = app_settings.max_length()
    if len(text) > limit:
        raise ValidationFailed(
            _(
                "Your comment is %(length)d characters long; the limit is %(limit)d characters. "
                "Please shorten it."
            )
            % {"length": len(text), "limit": limit},
            code=ErrorCode.TOO_LONG,
            data={"length": len(text), "limit": limit},
        )
    if "\x00" in text:
        raise ValidationFailed(
            _("Your comment contains a null character, which is not allowed. Please remove it."),
            code=ErrorCode.INVALID_CHARACTERS,
        )
    if "\ufffd" in text:
        raise ValidationFailed(
            _(
                "Your comment contains bytes that are not valid text (invalid encoding). "
                "Please retype the affected characters."
            ),
            code=ErrorCode.INVALID_ENCODING,
        )
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in ALLOWED_CONTROL) or category == "Cs":
            raise ValidationFailed(
                _(
                    "Your comment contains an invisible control character (code %(code)s), "
                    "which is not allowed. Please remove it."
                )
                % {"code": f"U+{ord(char):04X}"},
                code=ErrorCode.INVALID_CHARACTERS,
            )
    return text


def check_commentable(article: Page) -> None:
    """Refuse pages that are not live articles open for comments."""
    content_type = ContentType.objects.get_for_id(article.content_type_id)
    label = f"{content_type.app_label}.{content_type.model}"
    if label not in app_settings.commentable_models():
        raise NotFound(
            _("Comments are not available on this page."), code=ErrorCode.NOT_COMMENTABLE
        )
    if not article.live:
        raise NotFound(_("This article is not published."), code=ErrorCode.NOT_COMMENTABLE)
    specific = article.specific_deferred if type(article) is Page else article
    if not getattr(specific, "comments_enabled", True):
        raise PermissionDenied(
            _("Comments are closed for this article."), code=ErrorCode.COMMENTS_CLOSED
        )


def reserve_post(*, author: Any, ip_address: str | None) -> list[ratelimit.Slot]:
    """Take a slot for one comment from the user's and the address's limits, or raise
    ``RateLimited`` having taken none. The slots are counted before the comment is saved, so
    simultaneous posts cannot all pass; give them back with ``ratelimit.release`` if saving
    fails."""
    window = app_settings.rate_window()
    limits = [("comments:user", str(author.pk), app_settings.rate_per_user())]
    if ip_address:
        limits.append(("comments:ip", ip_address, app_settings.rate_per_ip()))
    slots: list[ratelimit.Slot] = []
    for scope, who, limit in limits:
        slot = ratelimit.take(scope, who, limit=limit, window=window)
        if slot is None:
            for taken in slots:
                ratelimit.release(taken)
            raise RateLimited(
                _(
                    "You are posting too quickly. Please wait a minute and try again "
                    "(the limit is %(limit)d comments per %(seconds)d seconds)."
                )
                % {"limit": limit, "seconds": window},
                data={"retry_after": window},
            )
        slots.append(slot)
    return slots


def post_comment(
    *,
    author: Any,
    article: Page,
    text: Any,
    parent: Comment | None = None,
    ip_address: str | None = None,
    enforce_rate_limit: bool = True,
    created_at: datetime | None = None,
    screen: bool = True,
    submission: str = "",
) -> Comment:
    """Post a comment (or a reply to ``parent``) under ``article``; returns it with its status.

    ``submission`` is the key of the form it came from: when ``author`` already posted from
    that form, that comment is returned and nothing is posted again (a retried or doubled
    request), not counted against the rate limit nor checked twice.

    ``enforce_rate_limit=False``, ``created_at`` and ``screen=False`` (skip the engine's check)
    are for trusted callers only (demo content, imports); requests from people always go
    through the rate limit and the engine at the current time.
    """
    if author is None or not author.is_authenticated:
        raise PermissionDenied(_("Log in to post a comment."), code=ErrorCode.LOGIN_REQUIRED)
    if not author.is_active:
        raise PermissionDenied(_("Your account cannot post comments."))
    if submission:
        already = _posted_from(author, submission)
        if already is not None:
            return already
    check_commentable(article)
    get_gate().check_may_comment(author, article.pk)
    text = check_comment_text(text)
    depth = 0
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValidationFailed(
                _("The comment you are replying to belongs to another article."),
                code=ErrorCode.PARENT_MISMATCH,
            )
        access_comment_for_reply(author, parent)
        depth = parent.depth + 1
        if depth > app_settings.max_depth():
            raise ValidationFailed(
                _("This thread is too deep to reply further. Reply to an earlier comment."),
                code=ErrorCode.TOO_DEEP,
            )
    slots = reserve_post(author=author, ip_address=ip_address) if enforce_rate_limit else []
    try:
        comment = _save_new_comment(
            author=author,
            article=article,
            parent=parent,
            depth=depth,
            text=text,
            ip_address=ip_address,
            created_at=created_at,
            screen=screen,
            submission=submission,
        )
    except BaseException as err:
        for slot in slots:
            ratelimit.release(slot)
        if submission and isinstance(err, IntegrityError):
            already = _posted_from(author, submission)  # the same form, at the same moment
            if already is not None:
                return already
        raise
    return comment


def _posted_from(author: Any, submission: str) -> Comment | None:
    return Comment.objects.filter(author_id=author.pk, submission=submission).first()


@transaction.atomic
def _save_new_comment(
    *,
    author: Any,
    article: Page,
    parent: Comment | None,
    depth: int,
    text: str,
    ip_address: str | None,
    created_at: datetime | None,
    screen: bool,
    submission: str,
) -> Comment:
    gate = get_gate()
    now = created_at or timezone.now()
    comment = Comment(
        article_id=article.pk,
        author=author,
        parent=parent,
        root_id=parent.root_id if parent is not None else None,
        depth=depth,
        text=text,
        status=gate.initial_status(screen=screen),
        ip_address=ip_address or None,
        created_at=now,
        updated_at=now,
        submission=submission,
    )
    comment.save()
    if comment.root_id is None:
        # a plain UPDATE: this runs while the post holds the database's write turn, and the
        # save above already told everyone listening that the comment exists
        comment.root_id = comment.pk
        Comment.objects.filter(pk=comment.pk).update(root_id=comment.pk)
    gate.after_create(comment, screen=screen)
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, editor: Any, text: Any) -> Comment:
    """Change a comment's text, keeping the previous version and who edited it."""
    role = access_comment_for_edit(editor, comment)
    gate = get_gate()
    if role == "author":
        gate.check_may_comment(editor, comment.article_id)
    text = check_comment_text(text)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if text == comment.text:
        return comment
    now = timezone.now()
    CommentRevision.objects.create(
        comment=comment, text=comment.text, edited_by=editor, role=role, created_at=now
    )
    comment.text = text
    comment.edited_at = now
    comment.updated_at = now
    comment.last_edited_by = editor
    comment.last_edited_role = role
    comment.save(
        update_fields=["text", "edited_at", "updated_at", "last_edited_by", "last_edited_role"]
    )
    return gate.after_edit(comment, role=role)


@transaction.atomic
def delete_comment(*, comment: Comment, actor: Any) -> Comment:
    """Remove a comment from view; its text stays stored for audit."""
    role = access_comment_for_delete(actor, comment)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == CommentStatus.REMOVED:
        return comment
    note = "deleted by author" if role == "author" else "removed by moderator"
    return get_gate().remove(comment, actor=actor, note=note)


def report_comment(*, comment: Comment, reporter: Any, rule: Any, note: Any = "") -> CommentReport:
    """Record that ``reporter`` thinks ``comment`` breaks ``rule``; one report per reader."""
    access_comment_for_report(reporter, comment)
    rule = str(rule or "").strip()
    if rule not in current_standards().rule_ids:
        raise ValidationFailed(
            _("Choose the rule of the community standards this comment breaks."),
            code=ErrorCode.INVALID_RULE,
        )
    note = str(note or "").replace("\r\n", "\n").strip()
    if len(note) > REPORT_NOTE_MAX:
        raise ValidationFailed(
            _("The note can be at most %(limit)d characters long.") % {"limit": REPORT_NOTE_MAX},
            code=ErrorCode.TOO_LONG,
        )
    if "\x00" in note:
        raise ValidationFailed(_("The note contains characters that are not allowed."))
    try:
        with transaction.atomic():
            return CommentReport.objects.create(
                comment=comment, reporter=reporter, rule=rule, note=note
            )
    except IntegrityError as err:
        raise ValidationFailed(
            _("You have already reported this comment."), code=ErrorCode.ALREADY_REPORTED
        ) from err
