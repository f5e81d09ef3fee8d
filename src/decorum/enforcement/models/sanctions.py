"""Sanctions: blocks from one article's comments or from the whole site, and the notices an
account receives about them (shown in the account even when no e-mail was sent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BlockScope(models.TextChoices):
    ARTICLE = "article", _("this article")
    SITE = "site", _("the whole site")


class Block(models.Model):
    """A user may read but not comment (on one article, or anywhere). ``moderator`` is empty
    when the sanction ladder blocked automatically. A second site block is ``final``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    scope = models.CharField(_("scope"), max_length=16, choices=BlockScope.choices)
    article = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(_("rule"), max_length=64, blank=True)
    reason = models.TextField(_("statement of reasons"))
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    without_notice = models.BooleanField(_("without notice"), default=False)
    final = models.BooleanField(_("final"), default=False)
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "lifted_at"], name="block_user_active"),
            models.Index(fields=["created_at"], name="block_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="site", article__isnull=True)
                | models.Q(scope="article", article__isnull=False),
                name="block_scope_matches_article",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} blocked from {self.scope}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    @property
    def automatic(self) -> bool:
        return self.moderator_id is None


class AccountNotice(models.Model):
    """A message to one account about a decision concerning it (blocks, appeals)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The e-mail copy is an outbox entry: due at ``email_next_at`` (None: no e-mail wanted, or
    # given up), sent at ``emailed_at``. ``notices.resend_notice_emails`` sends it again after
    # a failure (the mail server down), waiting longer each time.
    email_next_at = models.DateTimeField(_("e-mail due"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account notice")
        verbose_name_plural = _("account notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["email_next_at"],
                condition=models.Q(email_next_at__isnull=False),
                name="notice_email_due",
            )
        ]

    def __str__(self) -> str:
        return self.subject
