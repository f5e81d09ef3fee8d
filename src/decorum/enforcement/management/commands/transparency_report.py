"""``transparency_report``: the DSA transparency report of a half-year or a year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from decorum.core.errors import ValidationFailed
from decorum.enforcement import transparency


class Command(BaseCommand):
    help = (
        "Write the DSA transparency report of a period (YYYY-H1, YYYY-H2 or YYYY): notices, "
        "restrictions by rule and type, automated means and their accuracy, appeals and "
        "suspensions, as HTML (prints one page per section), JSON or CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="YYYY-H1, YYYY-H2 or YYYY, e.g. 2026-H2"
        )
        parser.add_argument("--format", choices=transparency.FORMATS, default="html")
        parser.add_argument("--language", default="en", help="language of titles (en, ru)")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = transparency.parse_period(options["period"])
        except ValidationFailed as err:
            raise CommandError(err.message) from err
        language = options["language"]
        with translation.override(language):
            report = transparency.build_report(period, language=language)
            if options["format"] == "json":
                text = transparency.to_json(report)
            elif options["format"] == "csv":
                text = transparency.to_csv(report)
            else:
                text = transparency.to_html(report, language=language)
        if options["output"] is None:
            self.stdout.write(text, ending="")
            return
        options["output"].write_text(text, encoding="utf-8")
        self.stderr.write(f"Transparency report {period.label} written to {options['output']}")
