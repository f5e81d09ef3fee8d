"""E-mail copies of account notices, kept as an outbox so a mail server that is down delays
them but loses none.

``sanctions.notify`` writes the notice with its e-mail due a little later and queues the
sending job after commit; the job marks the notice e-mailed once the mail server took it. A
notice still not e-mailed when it falls due again (the job failed, or was lost with its
process) is sent again by ``resend_notice_emails`` (``decorum serve``'s reconciler, Celery
beat in production), waiting twice as long each time, until
``DECORUM_ENFORCEMENT_MAX_ATTEMPTS`` sendings; the notice in the account is the record either
way. A process killed after the mail server took a message but before it was marked may send
that one message twice: a second copy is the lesser harm than a block nobody was told about.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from decorum.core.jobs import enqueue_on_commit
from decorum.enforcement import app_settings
from decorum.enforcement.models import AccountNotice
from decorum.enforcement.tasks import send_notice_email

logger = logging.getLogger(__name__)


def queue_email(notice: AccountNotice) -> None:
    """Make ``notice``'s e-mail due and send it after commit. Precondition: inside the
    transaction that created the notice."""
    notice.email_attempts = 1
    notice.email_next_at = timezone.now() + app_settings.retry_delay(1)
    notice.save(update_fields=["email_attempts", "email_next_at"])
    enqueue_on_commit(send_notice_email, notice.pk)


def resend_notice_emails(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send again the e-mails of notices that fell due without being sent; give up (logged)
    on those sent ``DECORUM_ENFORCEMENT_MAX_ATTEMPTS`` times. How many were sent again."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            AccountNotice.objects.select_for_update()
            .filter(email_next_at__lte=now, emailed_at__isnull=True)
            .order_by("email_next_at", "pk")[:limit]
        )
        for notice in due:
            if notice.email_attempts >= app_settings.max_attempts():
                logger.warning(
                    "Gave up e-mailing account notice %s after %d attempts; it stays in the "
                    "user's account",
                    notice.pk,
                    notice.email_attempts,
                )
                AccountNotice.objects.filter(pk=notice.pk).update(email_next_at=None)
                continue
            attempts = notice.email_attempts + 1
            AccountNotice.objects.filter(pk=notice.pk).update(
                email_attempts=attempts, email_next_at=now + app_settings.retry_delay(attempts)
            )
            enqueue_on_commit(send_notice_email, notice.pk)
            sent += 1
    return sent
