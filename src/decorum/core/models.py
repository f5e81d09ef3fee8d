"""Shared models: one-off markers that make start-up steps idempotent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Marker(models.Model):
    """A named fact such as "demo content loaded": its row existing is the guard."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    def __str__(self) -> str:
        return self.name
