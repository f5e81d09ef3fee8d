"""Comments under articles, their previous versions and readers' reports.

A comment's ``status`` is changed only through the comment gate (``decorum.community.gate``;
Decorum's is ``decorum.enforcement.gate``, whose actions leave a decision record for every
change), never in ``save()`` or a signal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")


class EditorRole(models.TextChoices):
    AUTHOR = "author", _("author")
    MODERATOR = "moderator", _("moderator")


class Comment(models.Model):
    article = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="community_comments",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    # The top-level comment of the thread (itself for a top-level comment): lets a page of
    # threads load every reply in one query, whatever the depth.
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread_comments",
        verbose_name=_("thread"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    last_edited_role = models.CharField(
        _("last edited as"), max_length=16, choices=EditorRole.choices, blank=True
    )
    # The key of the form the comment was posted from: the same form sent again (a retry
    # after a lost answer, a double click) finds this comment instead of posting a copy.
    submission = models.CharField(
        _("submission key"), max_length=32, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            models.Index(fields=["root", "created_at"], name="comment_root_created"),
            models.Index(fields=["author", "created_at"], name="comment_author_created"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["created_at", "status"], name="comment_created_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values), name="comment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(last_edited_role__in=["", *EditorRole.values]),
                name="comment_edited_role_valid",
            ),
            models.UniqueConstraint(
                fields=["author", "submission"],
                condition=~models.Q(submission=""),
                name="comment_one_per_submission",
            ),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_id} on page {self.article_id}"

    @property
    def edited_by_moderator(self) -> bool:
        return self.last_edited_role == EditorRole.MODERATOR

    @property
    def edited_by_author(self) -> bool:
        return self.last_edited_role == EditorRole.AUTHOR


class CommentRevision(models.Model):
    """A previous version of a comment's text, kept on every edit."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment")
    )
    text = models.TextField(_("previous text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("edited by"),
    )
    role = models.CharField(_("edited as"), max_length=16, choices=EditorRole.choices)
    created_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Revision {self.pk} of comment {self.comment_id}"


class CommentReport(models.Model):
    """A reader's report that a comment breaks one rule of the community standards."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
        verbose_name=_("reporter"),
    )
    rule = models.CharField(_("rule"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["reporter", "comment"], name="one_report_per_reader")
        ]
        indexes = [
            models.Index(fields=["comment", "created_at"], name="report_comment_created"),
            models.Index(fields=["created_at", "rule"], name="report_created_rule"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} on comment {self.comment_id} ({self.rule})"
