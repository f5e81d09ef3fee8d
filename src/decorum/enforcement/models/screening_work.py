"""Screening work: a comment's text that still needs an automatic decision.

The row is written in the same transaction as the comment (or its edit), so a check that was
lost (the process killed, the broker unreachable, the database restarted) is still on record;
``enforcement.screening.reconcile_screening`` sends it again, and after repeated failures
hands the comment to a moderator. ``done_at`` is set once the work needs nothing more.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkOutcome(models.TextChoices):
    DECIDED = "decided", _("decided automatically")
    HANDED_TO_PEOPLE = "handed_to_people", _("handed to a moderator after failed checks")
    DECIDED_BY_PERSON = "decided_by_person", _("decided by a person first")
    SUPERSEDED = "superseded", _("the text changed without a new check")
    REMOVED = "removed", _("the comment was removed")


class ScreeningWorkQuerySet(models.QuerySet["ScreeningWork"]):
    def open(self) -> ScreeningWorkQuerySet:
        return self.filter(done_at__isnull=True)

    def close(self, outcome: str) -> int:
        """Close the open work of the rows in this queryset (the caller holds a transaction
        when it must agree with other writes)."""
        return self.open().update(done_at=timezone.now(), outcome=outcome)


class ScreeningWork(models.Model):
    """One comment's pending automatic check: the text version (``digest``, ``revision``),
    how often it was sent (``attempts``) and when the reconciler may send it again."""

    comment = models.OneToOneField(
        "community.Comment",
        on_delete=models.CASCADE,
        related_name="screening_work",
        verbose_name=_("comment"),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    digest = models.CharField(_("text digest"), max_length=16)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    scheduled_at = models.DateTimeField(_("scheduled at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=WorkOutcome.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The screening process that took the check ("host:pid"), so a restarted one takes back
    # what a killed one held; empty when checked in the web process or by Celery.
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    objects = ScreeningWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening work")
        verbose_name_plural = _("screening work")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(done_at__isnull=True),
                name="screeningwork_due",
            )
        ]

    def __str__(self) -> str:
        state = self.outcome or "open"
        return f"screening of comment {self.comment_id} r{self.revision} ({state})"
