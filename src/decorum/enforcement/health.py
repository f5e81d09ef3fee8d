"""Reads for the moderators' health page: is every comment getting its automatic decision?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from decorum.core.models import JobFailure
from decorum.enforcement.models import ScreeningWork

RECENT_FAILURES = 10


@dataclass(frozen=True)
class ScreeningHealth:
    """``waiting``: comments whose automatic check is still open (no decision yet);
    ``oldest_wait``: how long the oldest of them has waited; ``failed_last_hour``: background
    jobs that failed or could not be queued in the last hour."""

    waiting: int
    oldest_wait: timedelta | None
    retried: int
    failed_last_hour: int
    recent_failures: list[JobFailure]

    @property
    def oldest_wait_seconds(self) -> int | None:
        return None if self.oldest_wait is None else int(self.oldest_wait.total_seconds())

    @property
    def healthy(self) -> bool:
        return self.failed_last_hour == 0 and (
            self.oldest_wait is None or self.oldest_wait < timedelta(minutes=5)
        )


def screening_health() -> ScreeningHealth:
    now = timezone.now()
    open_work = ScreeningWork.objects.open()
    summary = open_work.aggregate(oldest=Min("scheduled_at"))
    oldest = summary["oldest"]
    failures = JobFailure.objects.filter(created_at__gte=now - timedelta(hours=1))
    return ScreeningHealth(
        waiting=open_work.count(),
        oldest_wait=(now - oldest) if oldest is not None else None,
        retried=open_work.filter(attempts__gt=1).count(),
        failed_last_hour=failures.count(),
        recent_failures=list(failures.order_by("-created_at", "-pk")[:RECENT_FAILURES]),
    )
