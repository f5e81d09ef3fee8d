"""Policy versions: the publisher's community standards as stored, versioned policy text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """One saved version of the policy (the engine's YAML). The highest number is in force;
    going back to an old version saves it again as a new number, so history only grows."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    version = models.CharField(_("policy version"), max_length=64, unique=True)
    text = models.TextField(_("policy text (YAML)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.version}"
