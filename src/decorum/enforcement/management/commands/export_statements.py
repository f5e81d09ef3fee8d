"""``export_statements``: the DSA statements of reasons of a period, validated, to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from decorum.enforcement import dsa_statements


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from err


class Command(BaseCommand):
    help = (
        "Write the statements of reasons of every restriction in a period (rejections, "
        "removals, blocks, account deletions) in the DSA Transparency Database shape."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, type=_date, help="first day (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="last day, included (default: today)")
        parser.add_argument("--format", choices=["tdb-json", "csv"], default="tdb-json")
        parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        until = options["until"] or timezone.localdate()
        if options["since"] > until:
            raise CommandError("--since must not come after --until.")
        found = dsa_statements.statements(dsa_statements.Period(options["since"], until))
        errors = dsa_statements.validate({"statements": found})
        if errors:
            raise CommandError("Statements fail the schema:\n" + "\n".join(errors[:20]))
        text = (
            dsa_statements.to_tdb_json(found)
            if options["format"] == "tdb-json"
            else dsa_statements.to_csv(found)
        )
        options["output"].write_text(text, encoding="utf-8")
        self.stdout.write(f"{len(found)} statements written to {options['output']}")
