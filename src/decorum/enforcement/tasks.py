"""Background jobs of enforcement: thin, they take ids and load what they need."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from decorum.enforcement.models import AccountNotice


def send_notice_email(notice_id: int) -> None:
    """E-mail one account notice (a block, an appeal's answer) to its user, unless it was
    e-mailed already (a job delivered twice).

    Runs after the decision committed, through ``core.jobs``: a mail server that is down is
    logged and recorded there and never undoes or fails the moderator's action, and the
    outbox (``notices.resend_notice_emails``) sends the notice again."""
    notice = AccountNotice.objects.select_related("user").filter(pk=notice_id).first()
    if notice is None or notice.emailed_at is not None:
        return
    address = getattr(notice.user, "email", "")
    if not address:
        AccountNotice.objects.filter(pk=notice.pk).update(email_next_at=None)
        return
    send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [address])
    AccountNotice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), email_next_at=None
    )
