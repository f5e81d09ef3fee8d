"""The user model: e-mail login, a public ID people can quote in appeals."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_public_id() -> str:
    """Short, non-sequential, unambiguous (no 0/O/1/I): users read it out in appeals."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "U-" + "".join(secrets.choice(alphabet) for _ in range(8))


class User(AbstractUser):
    public_id = models.CharField(
        _("public ID"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    accepted_standards_version = models.CharField(
        _("accepted community standards version"), max_length=40, blank=True
    )
    accepted_standards_at = models.DateTimeField(
        _("community standards accepted at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username
