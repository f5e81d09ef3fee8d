"""Background jobs of enforcement: thin, they take ids and load what they need."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from decorum.enforcement.models import AccountNotice


def send_notice_email(notice_id: int) -> None:
    """E-mail one account notice (a block, an appeal's answer) to its user.

    Runs after the decision committed, through ``core.jobs``: a mail server that is down is
    logged and recorded there and never undoes or fails the moderator's action; the notice in
    the account is the record either way.
    """
    notice = AccountNotice.objects.select_related("user").filter(pk=notice_id).first()
    address = getattr(notice.user, "email", "") if notice is not None else ""
    if notice is None or not address:
        return
    send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [address])
