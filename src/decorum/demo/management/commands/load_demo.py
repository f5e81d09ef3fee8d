"""``decorum manage load_demo``: load the demo site unless it is already there."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decorum.demo.build import load_demo_content_once


class Command(BaseCommand):
    help = "Load the demo articles, accounts, comments and moderation history (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_demo_content_once(stdout=self.stdout)
        if not loaded and options["verbosity"] > 0:
            self.stdout.write("Demo content is already loaded; nothing changed.")
