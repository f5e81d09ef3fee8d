"""Appeals: a person asks for a decision about them to be looked at again by someone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppealSubject(models.TextChoices):
    ACCOUNT = "account", _("Restore my account / unlock my access to comments")
    COMMENT = "comment", _("Review the decision on my comment")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("waiting for a moderator")
    GRANTED = "granted", _("granted: the decision was reversed")
    DENIED = "denied", _("denied: the decision stands")


class Appeal(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    subject = models.CharField(_("subject"), max_length=16, choices=AppealSubject.choices)
    public_id = models.CharField(_("user ID"), max_length=32)
    explanation = models.TextField(_("explanation"))
    comment = models.ForeignKey(
        "community.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    block = models.ForeignKey(
        "enforcement.Block", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided originally by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="appeal_queue"),
            models.Index(fields=["created_at"], name="appeal_created"),
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.subject}, {self.status})"
