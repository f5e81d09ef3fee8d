"""Shared models: one-off markers that make start-up steps idempotent, failed background jobs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Marker(models.Model):
    """A named fact such as "demo content loaded": its row existing is the guard."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class JobFailure(models.Model):
    """One background job that failed, or could not be handed to the queue.

    Written by ``core.jobs`` next to the log line, so failures are counted across processes
    (the web server, Celery workers) and the moderators' health page can show them.
    """

    class Stage(models.TextChoices):
        DISPATCH = "dispatch", _("handing the job to the queue")
        RUN = "run", _("running the job")

    job = models.CharField(_("job"), max_length=200)
    ids = models.JSONField(_("ids"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    error = models.TextField(_("error"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    created_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed job")
        verbose_name_plural = _("failed jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.job}{tuple(self.ids)!r} ({self.stage})"
