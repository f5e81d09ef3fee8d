"""``export_labels``: comments people decided, as policy-dev labels for retraining the engine."""

from __future__ import annotations

import argparse
import json
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from decorum.enforcement import labels
from decorum.enforcement.dsa_statements import Period


def _date(value: str) -> date:
    # argparse turns this into a one-line error (exit 2) on the command line, and into a
    # CommandError under call_command; a CommandError raised here would show a traceback.
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD).") from err


def articles_path(output: Path) -> Path:
    """``labels.jsonl`` -> ``labels.articles.jsonl`` (beside it, the same suffix)."""
    suffix = output.suffix or ".jsonl"
    stem = output.name[: -len(output.suffix)] if output.suffix else output.name
    return output.with_name(f"{stem}.articles{suffix}")


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise CommandError(f"Cannot write {path}: {err.strerror or err}.") from err


class Command(BaseCommand):
    help = (
        "Write the comments people decided in a period (moderators' approvals and rejections, "
        "appeals, upheld reports) as policy-dev labels with personal data removed, and the "
        "articles they sit under to a companion file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, type=_date, help="first day (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="last day, included (default: today)")
        parser.add_argument("-o", "--output", required=True, type=Path, help="labels file")
        parser.add_argument(
            "--articles", type=Path, help="articles file (default: <output>.articles.jsonl)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        until = options["until"] or timezone.localdate()
        if options["since"] > until:
            raise CommandError("--since must not come after --until.")
        output: Path = options["output"]
        articles_file: Path = options["articles"] or articles_path(output)
        if output.resolve() == articles_file.resolve():
            raise CommandError("The labels and the articles need two different files.")
        for path in (output, articles_file):
            if not path.parent.is_dir():
                raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        period = Period(options["since"], until)
        decided = labels.decided_comments(period.start, period.end)
        comments, articles = labels.to_records(
            decided,
            labels.articles_of(decided),
            names=labels.registered_names(),
            salt=secrets.token_bytes(32),
        )
        _write(output, _jsonl(comments))
        _write(articles_file, _jsonl(articles))
        self.stdout.write(
            f"{len(comments)} labelled comments written to {output}, "
            f"{len(articles)} articles to {articles_file}"
        )
