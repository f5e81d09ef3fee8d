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
    comments_hidden = models.BooleanField(
        _("comments hidden"),
        default=False,
        help_text=_("Set while a deleted account can still be restored."),
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def shown_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Deleted account"))
        return self.display_name or self.username


class AccountDeletion(models.Model):
    """A deleted account: restorable with the e-mailed link until ``restore_until``; after that
    the purge job erases its personal data. Only a hash of the restore token is stored."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="deletion")
    requested_at = models.DateTimeField(_("deleted at"))
    requested_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deleted by (moderator)"),
    )
    restore_until = models.DateTimeField(_("restorable until"))
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    restore_link_sent = models.BooleanField(default=False)
    restored_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")

    def __str__(self) -> str:
        return f"deletion of user {self.user_id}"
