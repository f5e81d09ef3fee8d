"""``reconcile_screening``: send lost comment checks again, hand repeated failures to people,
and send again the account notices' e-mails that the mail server did not take.

``decorum serve`` runs it in its scheduler and Celery beat every minute; run it by hand (or
from cron) after an outage to settle what is left at once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decorum.enforcement.notices import resend_notice_emails
from decorum.enforcement.screening import reconcile_screening


class Command(BaseCommand):
    help = (
        "Send the automatic check again for comments still waiting for it, hand comments "
        "whose check failed too often to the moderators, and send again account notices' "
        "e-mails that could not be sent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = reconcile_screening()
        notices = resend_notice_emails()
        if options["verbosity"]:
            self.stdout.write(
                f"Sent {report.sent_again} check(s) again, handed {report.handed_to_people} "
                f"comment(s) to moderators, closed {report.closed} settled check(s); "
                f"sent {notices} notice e-mail(s) again."
            )
