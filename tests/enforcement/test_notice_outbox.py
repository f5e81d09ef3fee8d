"""Account notices' e-mails are an outbox: a mail server that is down when a user is blocked
delays the e-mail but does not lose it. The reconciler sends it again once due, waiting longer
each time, gives up (the notice stays in the account) after the maximum attempts, and never
sends one that went out already."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from decorum.core.celery import RESEND_NOTICE_EMAILS
from decorum.core.celery import app as celery_app
from decorum.core.jobs import resolve
from decorum.core.models import JobFailure
from decorum.enforcement import app_settings
from decorum.enforcement.models import AccountNotice
from decorum.enforcement.notices import resend_notice_emails
from decorum.enforcement.sanctions import block_user
from decorum.enforcement.tasks import send_notice_email

pytestmark = pytest.mark.django_db

REASON = "Repeated insults against other readers."


@pytest.fixture(autouse=True)
def _jobs_in_the_test_thread(settings: Any) -> None:
    settings.DECORUM_JOBS_EAGER = True  # the e-mails are jobs


@pytest.fixture
def mail_down(settings: Any) -> None:
    """A real SMTP client pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def _blocked(reader: Any, moderator: Any, capture: Any) -> AccountNotice:
    with capture(execute=True):
        block_user(user=reader, scope="site", moderator=moderator, reason=REASON)
    return AccountNotice.objects.get(user=reader)


def test_a_notice_the_mail_server_refused_is_sent_again_once_it_is_back(
    reader: Any,
    moderator: Any,
    mail_down: None,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    notice = _blocked(reader, moderator, django_capture_on_commit_callbacks)
    assert notice.emailed_at is None and notice.email_attempts == 1
    assert notice.email_next_at is not None
    assert JobFailure.objects.get().job.endswith("send_notice_email")
    assert resend_notice_emails(now=notice.email_next_at - timedelta(seconds=1)) == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_notice_emails(now=notice.email_next_at + timedelta(seconds=1)) == 1

    [sent] = mail.outbox
    assert sent.to == [reader.email] and REASON in sent.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.email_next_at is None
    assert notice.email_attempts == 2
    # later rounds, and the same job delivered again, send nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_notice_emails(now=notice.created_at + timedelta(days=30)) == 0
    send_notice_email(notice.pk)
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_maximum_attempts_and_the_notice_stays(
    reader: Any, moderator: Any, mail_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _blocked(reader, moderator, django_capture_on_commit_callbacks)
    first_wait = notice.email_next_at - notice.created_at
    waits: list[timedelta] = []
    for _ in range(app_settings.max_attempts() + 2):
        notice.refresh_from_db()
        if notice.email_next_at is None:
            break
        now = notice.email_next_at + timedelta(seconds=1)
        with django_capture_on_commit_callbacks(execute=True):
            resend_notice_emails(now=now)
        notice.refresh_from_db()
        if notice.email_next_at is not None:
            waits.append(notice.email_next_at - now)

    assert notice.email_next_at is None and notice.emailed_at is None
    assert notice.email_attempts == app_settings.max_attempts()
    assert JobFailure.objects.count() == app_settings.max_attempts()
    assert waits == sorted(waits) and waits[0] > first_wait  # waiting longer each time
    assert AccountNotice.objects.filter(user=reader, body__contains=REASON).exists()


def test_a_block_without_notice_by_e_mail_puts_nothing_in_the_outbox(
    reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        block_user(
            user=reader, scope="site", moderator=moderator, reason=REASON, without_notice=True
        )
    assert mail.outbox == []
    assert not AccountNotice.objects.filter(email_next_at__isnull=False).exists()


def test_celery_beat_sends_the_outbox_again() -> None:
    entry = celery_app.conf.beat_schedule["resend-notice-emails"]
    assert entry["task"] == "decorum.run_job" and entry["args"] == [RESEND_NOTICE_EMAILS]
    assert resolve(RESEND_NOTICE_EMAILS) is resend_notice_emails
