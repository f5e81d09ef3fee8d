"""Classifier models the site can screen with: the shipped one (no record) and the ones
``decorum train --extra`` wrote under the data directory, at most one of them in force."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModelVersion(models.Model):
    """A retrained model directory, recorded when an administrator first puts it in force.
    No record in force means the shipped model decides."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    path = models.CharField(_("directory"), max_length=1000)
    created_at = models.DateTimeField(_("trained at"), default=timezone.now)
    in_force = models.BooleanField(_("in force"), default=False)
    put_in_force_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("put in force by"),
    )
    put_in_force_at = models.DateTimeField(_("put in force at"), null=True, blank=True)

    class Meta:
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_force"], condition=models.Q(in_force=True), name="one_model_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.name
