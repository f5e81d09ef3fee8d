"""``purge_deleted_accounts``: erase accounts deleted more than 30 days ago (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decorum.accounts.deletion import purge_deleted_accounts


class Command(BaseCommand):
    help = "Erase the personal data of accounts deleted more than 30 days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_deleted_accounts()
        if options["verbosity"]:
            self.stdout.write(f"Erased {count} deleted account(s).")
