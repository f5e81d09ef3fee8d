"""Status changes: every change of a comment's status, who made it and why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One change of a comment's status. ``actor`` is empty when the system decided."""

    comment = models.ForeignKey(
        "community.Comment",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("comment"),
    )
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    by_system = models.BooleanField(_("decided by the system"), default=False)
    rule = models.CharField(_("rule"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)
    # A copy of the comment's own ``created_at`` (it never changes once posted): the wait
    # chart of the statistics measures from it, and looking up ~20,000 comments by id for it
    # was most of that chart's time. Empty only on a row a writer forgot; ``save`` fills it.
    comment_created_at = models.DateTimeField(_("comment posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["comment", "created_at"], name="statuschange_comment"),
            # Covers the wait chart's query (stats.time_to_human_decision): a range on
            # ``created_at`` for one ``from_status``, its other conditions and both times are
            # read from the index, with no lookup of the table or of the comments.
            models.Index(
                fields=["from_status", "created_at", "to_status", "actor", "comment_created_at"],
                name="statuschange_wait",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.from_status or '-'} -> {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Fill ``comment_created_at`` from the comment when a writer did not (``bulk_create``
        callers must set it themselves)."""
        if self.comment_created_at is None and self.comment_id is not None:
            self.comment_created_at = self.comment.created_at
        super().save(*args, **kwargs)
