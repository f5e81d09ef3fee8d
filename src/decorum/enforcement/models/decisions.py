"""Decisions: what the engine or a moderator decided about a comment, stored whole so that the
statement of reasons, the queues and appeals can show exactly what was decided and on what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionSource(models.TextChoices):
    ENGINE = "engine", _("automatic (engine)")
    MODERATOR = "moderator", _("moderator")
    SYSTEM = "system", _("system (engine unavailable)")


class DecisionAction(models.TextChoices):
    ALLOW = "allow", _("allow")
    QUEUE = "queue", _("queue for a moderator")
    REJECT = "reject", _("reject")


class Decision(models.Model):
    """One decision on one version of a comment's text.

    Engine decisions keep the verdict as the engine returned it (fired rules with evidence and
    reason codes, every score, versions, timings); ``statement`` holds only prose a person or
    the system wrote (a failure note), never the engine's explanation, which is rendered for
    each reader in their language. A moderator's decision overrides the engine and records
    who decided, the rule and the note. The newest decision is the one in force.
    """

    comment = models.ForeignKey(
        "community.Comment",
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("comment"),
    )
    source = models.CharField(_("decided by"), max_length=16, choices=DecisionSource.choices)
    action = models.CharField(_("action"), max_length=16, choices=DecisionAction.choices)
    rules = models.JSONField(_("rules"), default=list, blank=True)
    # The rule the decision cites, as the deciding policy chose it ("" for an allow). Readers'
    # statements are rendered from it and the findings at view time, in the reader's language.
    cited_rule = models.CharField(_("cited rule"), max_length=64, blank=True)
    review_rules = models.JSONField(_("rules for a moderator to look at"), default=list, blank=True)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    failures = models.JSONField(_("detector failures"), default=list, blank=True)
    timings_ms = models.JSONField(_("timings (ms)"), default=dict, blank=True)
    statement = models.TextField(_("statement of reasons"), blank=True)
    policy_version = models.CharField(_("policy version"), max_length=64, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=64, blank=True)
    language = models.CharField(_("edition language"), max_length=16, blank=True)
    text_checked = models.TextField(_("text checked"), blank=True)
    duration_ms = models.FloatField(_("duration (ms)"), null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    note = models.TextField(_("note"), blank=True)
    # The screening work revision an automatic decision settles: at most one per revision, so
    # a redelivered job can neither decide twice nor run the sanction ladder twice.
    screening_revision = models.PositiveIntegerField(_("screening revision"), null=True, blank=True)
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]
        get_latest_by = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["comment", "created_at"], name="decision_comment"),
            models.Index(fields=["source", "action", "created_at"], name="decision_queue"),
            # The statistics page: decisions of a period, the engine's outcomes with what they
            # are grouped by (the index covers the query), a moderator's later decision.
            models.Index(
                fields=["created_at", "source", "action", "cited_rule"], name="decision_created"
            ),
            models.Index(
                fields=["source", "action", "created_at", "language", "cited_rule", "comment"],
                name="decision_outcome",
            ),
            models.Index(
                fields=["comment", "source", "action", "created_at"], name="decision_comment_human"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "screening_revision"],
                condition=models.Q(screening_revision__isnull=False),
                name="one_automatic_decision_per_check",
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.source} {self.action}"

    @property
    def is_automatic(self) -> bool:
        return self.source != DecisionSource.MODERATOR
