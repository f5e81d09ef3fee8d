"""The DSA transparency report (``transparency``): the figures of a half-year or a year.

Articles 15 and 24 of the Digital Services Act ask a hosting service for, per period: the
notices received (here: readers' reports) by category; the moderation it did on its own
initiative by ground and type of restriction, automatic or not; the automated means used and
their accuracy; the complaints received (appeals), their outcomes and the median time to
decide them; and the suspensions imposed. This module reads those figures; the page, the
``transparency_report`` command, and the JSON and CSV files all render one :class:`Report`.

The counts follow the statements of reasons (:mod:`decorum.enforcement.dsa_statements`): a
restriction is a rejected comment, a comment a moderator removed, a block or an account a
moderator deleted, counted when it was applied. The engine's accuracy is the statistics page's
(:func:`decorum.enforcement.stats.engine_accuracy`): the share of its automatic decisions no
person overturned, with a Wilson 95% interval.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from decorum.accounts.models import AccountDeletion
from decorum.community.models import CommentReport, CommentStatus
from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import dsa_statements, stats
from decorum.enforcement.models import (
    Appeal,
    AppealStatus,
    Block,
    BlockScope,
    Decision,
    DecisionAction,
    DecisionSource,
    StatusChange,
)

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-H(?P<half>[12]))?$")
FORMATS = ("html", "json", "csv")
# The columns that name a table's row in the CSV file.
ROW_KEYS = ("type", "decision", "subject", "scope", "rule", "language")


# -- the period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    """``YYYY-H1`` (January to June), ``YYYY-H2`` (July to December) or ``YYYY``."""

    label: str
    since: date
    until: date  # included

    @property
    def filter(self) -> stats.StatsFilter:
        return stats.StatsFilter(since=self.since, until=self.until)


def parse_period(value: str) -> ReportPeriod:
    """Validate a period written as ``YYYY-H1``, ``YYYY-H2`` or ``YYYY``."""
    text = (value or "").strip().upper()
    match = PERIOD_PATTERN.match(text)
    year = int(match["year"]) if match else 0
    if match is None or not 2000 <= year <= 2999:
        raise ValidationFailed(
            _(
                "Write the period as YYYY-H1 (January to June), YYYY-H2 (July to December) "
                "or YYYY (the whole year), for example 2026-H2; %(value)s is not one."
            )
            % {"value": repr(value)},
            code=ErrorCode.INVALID_PERIOD,
        )
    half = match["half"]
    if half == "1":
        return ReportPeriod(text, date(year, 1, 1), date(year, 6, 30))
    if half == "2":
        return ReportPeriod(text, date(year, 7, 1), date(year, 12, 31))
    return ReportPeriod(text, date(year, 1, 1), date(year, 12, 31))


def current_period() -> ReportPeriod:
    """The half-year today falls in."""
    today = timezone.localdate()
    return parse_period(f"{today.year}-H{1 if today.month <= 6 else 2}")


# -- the report -----------------------------------------------------------------------------------


@dataclass
class Table:
    """One table: ``columns`` are (key, label) pairs; each row holds one value per column."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        keys = [key for key, _label in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    figures: list[tuple[str, str, Any]] = field(default_factory=list)  # (key, label, value)
    tables: list[Table] = field(default_factory=list)

    @property
    def shown_figures(self) -> list[tuple[str, str]]:
        """The figures as the page prints them: an interval as "low – high", none as "—"."""
        shown = []
        for _key, label, value in self.figures:
            if value is None:
                text = "—"
            elif isinstance(value, list):
                text = " – ".join(str(v) for v in value)
            else:
                text = str(value)
            shown.append((label, text))
        return shown


@dataclass
class Report:
    period: ReportPeriod
    generated_at: datetime
    sections: list[Section]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "label": self.period.label,
                "since": self.period.since.isoformat(),
                "until": self.period.until.isoformat(),
            },
            "generated_at": self.generated_at.isoformat(),
            **{
                section.key: {
                    **{key: value for key, _label, value in section.figures},
                    **{table.key: table.records() for table in section.tables},
                }
                for section in self.sections
            },
        }


def _rule_title(titles: dict[str, str], rule: str) -> str:
    return titles.get(rule, rule or "—")


def _notices(f: stats.StatsFilter, titles: dict[str, str]) -> Section:
    reports = CommentReport.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
    restricted = StatusChange.objects.filter(
        comment_id=OuterRef("comment_id"),
        to_status__in=[CommentStatus.REJECTED, CommentStatus.REMOVED],
        created_at__gte=OuterRef("created_at"),
    )
    counts = (
        reports.annotate(acted=Exists(restricted))
        .values("rule")
        .annotate(n=Count("pk"), acted_on=Count("pk", filter=Q(acted=True)))
        .order_by("rule")
    )
    rows = [[r["rule"], _rule_title(titles, r["rule"]), r["n"], r["acted_on"]] for r in counts]
    return Section(
        key="notices",
        title=_("Notices from readers"),
        explanation=_(
            "Readers' reports that a comment breaks a rule of the community standards, by the "
            "rule they chose, and how many of them were followed by the comment's rejection or "
            "removal."
        ),
        figures=[
            ("total", _("Reports received"), sum(row[2] for row in rows)),
            ("acted_on", _("Followed by a restriction"), sum(row[3] for row in rows)),
            (
                "comments_reported",
                _("Comments reported"),
                reports.values("comment_id").distinct().count(),
            ),
        ],
        tables=[
            Table(
                key="by_rule",
                title=_("Reports by rule"),
                columns=[
                    ("rule", _("Rule")),
                    ("title", _("Title")),
                    ("reports", _("Reports")),
                    ("acted_on", _("Followed by a restriction")),
                ],
                rows=rows,
            )
        ],
    )


def _comment_actions(f: stats.StatsFilter) -> dict[tuple[str, str], dict[str, int]]:
    """Rejections and moderators' removals of comments by rule: automatic, human, after a
    report (the same restrictions the statements of reasons list)."""
    counts = (
        dsa_statements.comment_restrictions(f.start, f.end)
        .annotate(noticed=dsa_statements.reported_before())
        .values("to_status", "rule")
        .annotate(
            automatic=Count("pk", filter=Q(by_system=True)),
            human=Count("pk", filter=Q(by_system=False)),
            after_notice=Count("pk", filter=Q(noticed=True)),
        )
        .order_by()
    )
    found: dict[tuple[str, str], dict[str, int]] = {}
    for r in counts:
        kind = "rejection" if r["to_status"] == CommentStatus.REJECTED else "removal"
        found[(kind, r["rule"] or "")] = {
            "automatic": r["automatic"],
            "human": r["human"],
            "after_notice": r["after_notice"],
        }
    return found


def _actions(f: stats.StatsFilter, titles: dict[str, str]) -> Section:
    found = _comment_actions(f)
    blocks = (
        Block.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
        .values("scope", "rule")
        .annotate(
            by_ladder=Count("pk", filter=Q(moderator__isnull=True)),
            by_moderator=Count("pk", filter=Q(moderator__isnull=False)),
        )
        .order_by()
    )
    for b in blocks:
        kind = "site_block" if b["scope"] == BlockScope.SITE else "article_block"
        found[(kind, b["rule"] or "")] = {
            "automatic": b["by_ladder"],
            "human": b["by_moderator"],
            "after_notice": 0,
        }
    deletions = AccountDeletion.objects.filter(
        requested_by__isnull=False, requested_at__gte=f.start, requested_at__lt=f.end
    ).count()
    if deletions:
        found[("account_deletion", "")] = {"automatic": 0, "human": deletions, "after_notice": 0}
    kinds = {
        "rejection": _("Comment rejected"),
        "removal": _("Comment removed"),
        "article_block": _("Blocked from one article"),
        "site_block": _("Blocked from the whole site"),
        "account_deletion": _("Account deleted"),
    }
    order = list(kinds)
    rows: list[list[Any]] = []
    for (kind, rule), n in sorted(
        found.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
    ):
        rows.append(
            [
                kind,
                str(kinds[kind]),
                rule,
                _rule_title(titles, rule),
                n["automatic"],
                n["human"],
                n["after_notice"],
                n["automatic"] + n["human"] - n["after_notice"],
            ]
        )
    automatic = sum(row[4] for row in rows)
    human = sum(row[5] for row in rows)
    noticed = sum(row[6] for row in rows)
    return Section(
        key="actions",
        title=_("Restrictions by rule and type"),
        explanation=_(
            "Every restriction applied in the period, by its type and the rule it cites: "
            "decided automatically (the moderation engine or the sanction ladder) or by a "
            "person, and whether a reader's report came first (otherwise it was taken on the "
            "site's own initiative)."
        ),
        figures=[
            ("total", _("Restrictions"), automatic + human),
            ("automatic", _("Automatic"), automatic),
            ("human", _("By a person"), human),
            ("own_initiative", _("On the site's own initiative"), automatic + human - noticed),
            ("after_notice", _("After a reader's report"), noticed),
        ],
        tables=[
            Table(
                key="by_rule_and_type",
                title=_("Restrictions by rule and type"),
                columns=[
                    ("type", _("Type")),
                    ("type_label", _("Restriction")),
                    ("rule", _("Rule")),
                    ("title", _("Title")),
                    ("automatic", _("Automatic")),
                    ("human", _("By a person")),
                    ("after_notice", _("After a reader's report")),
                    ("own_initiative", _("On the site's own initiative")),
                ],
                rows=rows,
            )
        ],
    )


def _automated_means(f: stats.StatsFilter, language: str) -> Section:
    decisions = (
        Decision.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
        .exclude(source=DecisionSource.MODERATOR)
        .values("source", "action")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_action: dict[str, int] = defaultdict(int)
    failures = 0
    for r in decisions:
        if r["source"] == DecisionSource.SYSTEM:
            failures += r["n"]
        else:
            by_action[r["action"]] += r["n"]
    accuracy = stats.engine_accuracy(f, language)
    columns = [
        ("decision", _("Automatic decision")),
        ("rule", _("Rule")),
        ("title", _("Title")),
        ("language", _("Language")),
        ("decisions", _("Decisions")),
        ("overturned", _("Overturned by a person")),
        ("precision", _("Precision")),
        ("interval_low", _("95% interval, low")),
        ("interval_high", _("95% interval, high")),
    ]
    rows = [list(row) for row in accuracy.rows]
    for row in rows:  # machine-readable decision kinds, as the engine names them
        row[0] = "reject" if row[1] or row[0] == _("rejected") else "allow"
    figures: list[tuple[str, str, Any]] = [
        ("checked", _("Comments checked automatically"), sum(by_action.values())),
        ("allowed", _("Allowed automatically"), by_action[DecisionAction.ALLOW]),
        ("queued", _("Sent to a moderator"), by_action[DecisionAction.QUEUE]),
        ("rejected", _("Rejected automatically"), by_action[DecisionAction.REJECT]),
        ("check_failures", _("Checks that failed (sent to a moderator)"), failures),
    ]
    for key, action in (("rejections", "reject"), ("allowances", "allow")):
        n = sum(row[4] for row in rows if row[0] == action)
        overturned = sum(row[5] for row in rows if row[0] == action)
        interval = stats.wilson(n - overturned, n)
        label = _("automatic rejections") if action == "reject" else _("automatic allowances")
        figures += [
            (
                f"{key}_precision",
                _("Precision of %(what)s") % {"what": label},
                round((n - overturned) / n, 4) if n else None,
            ),
            (
                f"{key}_error_rate",
                _("Error rate of %(what)s (overturned by a person)") % {"what": label},
                round(overturned / n, 4) if n else None,
            ),
            (
                f"{key}_interval",
                _("95%% interval of the precision of %(what)s") % {"what": label},
                [round(interval[0], 4), round(interval[1], 4)] if interval else None,
            ),
        ]
    return Section(
        key="automated_means",
        title=_("Automated means and their accuracy"),
        explanation=_(
            "The moderation engine runs on the publisher's own machine and checks every new "
            "or edited comment against the community standards: it allows it, rejects it "
            "citing a rule, or sends it to a moderator. The sanction ladder blocks an account "
            "automatically after repeated rejections. Accuracy is measured on this site: the "
            "share of the engine's decisions that no person overturned (a moderator approving "
            "a rejected comment, directly or by granting an appeal, or rejecting an allowed "
            "comment after a report), with a Wilson 95% interval."
        ),
        figures=figures,
        tables=[
            Table(
                key="accuracy",
                title=_("The engine's measured accuracy by rule and language"),
                columns=columns,
                rows=rows,
            )
        ],
    )


def _complaints(f: stats.StatsFilter) -> Section:
    appeals = Appeal.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    hours: list[float] = []
    for subject, status, created_at, decided_at in appeals.values_list(
        "subject", "status", "created_at", "decided_at"
    ).order_by():
        counts[(subject, status)] += 1
        if decided_at is not None:
            hours.append(max((decided_at - created_at).total_seconds() / 3600, 0.0))
    hours.sort()
    subjects = {"comment": _("A comment's rejection"), "account": _("A block")}
    rows = [
        [
            subject,
            str(label),
            sum(n for (s, _status), n in counts.items() if s == subject),
            counts[(subject, AppealStatus.GRANTED)],
            counts[(subject, AppealStatus.DENIED)],
            counts[(subject, AppealStatus.OPEN)],
        ]
        for subject, label in subjects.items()
    ]
    median = stats.quantile(hours, 0.5)
    return Section(
        key="complaints",
        title=_("Complaints (appeals)"),
        explanation=_(
            "Appeals filed in the period against the rejection of a comment or a block, how "
            "they were decided (by a moderator other than the one who took the decision) and "
            "how long the decision took."
        ),
        figures=[
            ("received", _("Appeals received"), sum(row[2] for row in rows)),
            ("granted", _("Granted: the decision was reversed"), sum(row[3] for row in rows)),
            ("denied", _("Denied: the decision stands"), sum(row[4] for row in rows)),
            ("open", _("Still waiting"), sum(row[5] for row in rows)),
            (
                "median_hours_to_decide",
                _("Median hours to a decision"),
                round(median, 2) if median is not None else None,
            ),
        ],
        tables=[
            Table(
                key="by_subject",
                title=_("Appeals by subject and outcome"),
                columns=[
                    ("subject", _("Subject")),
                    ("subject_label", _("Appeal against")),
                    ("received", _("Received")),
                    ("granted", _("Granted")),
                    ("denied", _("Denied")),
                    ("open", _("Waiting")),
                ],
                rows=rows,
            )
        ],
    )


def _suspensions(f: stats.StatsFilter) -> Section:
    counts = (
        Block.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
        .values("scope")
        .annotate(
            n=Count("pk"),
            by_ladder=Count("pk", filter=Q(moderator__isnull=True)),
            final_blocks=Count("pk", filter=Q(final=True)),
            silent=Count("pk", filter=Q(without_notice=True)),
            lifted=Count("pk", filter=Q(lifted_at__isnull=False)),
        )
        .order_by("scope")
    )
    scopes = {BlockScope.SITE: _("The whole site"), BlockScope.ARTICLE: _("One article")}
    table = {r["scope"]: r for r in counts}
    rows = []
    for scope, label in scopes.items():
        r: dict[str, Any] = dict(table.get(scope) or {})
        n = r.get("n", 0)
        rows.append(
            [
                str(scope),
                str(label),
                n,
                r.get("by_ladder", 0),
                n - r.get("by_ladder", 0),
                r.get("final_blocks", 0),
                r.get("silent", 0),
                r.get("lifted", 0),
            ]
        )
    site = rows[0]
    return Section(
        key="suspensions",
        title=_("Account suspensions"),
        explanation=_(
            "Blocks imposed in the period: a blocked account can still read but no longer "
            "comment, under one article or anywhere on the site. A second site block is final."
        ),
        figures=[
            ("site_blocks", _("Site blocks"), site[2]),
            ("final_site_blocks", _("Final site blocks"), site[5]),
            ("article_blocks", _("Article blocks"), rows[1][2]),
            ("lifted", _("Lifted since"), site[7] + rows[1][7]),
        ],
        tables=[
            Table(
                key="by_scope",
                title=_("Blocks by scope"),
                columns=[
                    ("scope", _("Scope")),
                    ("scope_label", _("Blocked from")),
                    ("blocks", _("Blocks")),
                    ("automatic", _("By the sanction ladder")),
                    ("human", _("By a moderator")),
                    ("final", _("Final")),
                    ("without_notice", _("Without notice")),
                    ("lifted", _("Lifted since")),
                ],
                rows=rows,
            )
        ],
    )


def build_report(period: ReportPeriod, *, language: str = "en") -> Report:
    """Every section of the report for ``period``; rule titles in ``language``."""
    f = period.filter
    titles = stats._rule_titles(language)
    return Report(
        period=period,
        generated_at=timezone.now(),
        sections=[
            _notices(f, titles),
            _actions(f, titles),
            _automated_means(f, language),
            _complaints(f),
            _suspensions(f),
        ],
    )


# -- output ---------------------------------------------------------------------------------------


STYLESHEET = Path(__file__).parent / "static" / "enforcement" / "transparency.css"


def to_html(report: Report, *, language: str = "en") -> str:
    """A self-contained HTML document (the print stylesheet copied in) for the command."""
    from django.template.loader import render_to_string

    return render_to_string(
        "enforcement/transparency_document.html",
        {
            "report": report,
            "language": language,
            # Our own static file, not user input: copied in unescaped.
            "stylesheet": mark_safe(STYLESHEET.read_text(encoding="utf-8")),
        },
    )


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def to_csv(report: Report) -> str:
    """One line per figure or table cell: ``section, table, row, column, value`` (a table's
    row is named by its kind, rule and language; ``figures`` holds the section's totals)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "table", "row", "column", "value"])
    for section in report.sections:
        for key, _label, value in section.figures:
            if isinstance(value, list):
                value = "-".join(str(v) for v in value)
            writer.writerow([section.key, "figures", key, "value", "" if value is None else value])
        for table in section.tables:
            keys = [key for key, _label in table.columns]
            for row in table.rows:
                name = "/".join(
                    str(value)
                    for key, value in zip(keys, row, strict=True)
                    if key in ROW_KEYS and value not in ("", None)
                )
                for key, value in zip(keys, row, strict=True):
                    writer.writerow([section.key, table.key, name, key, value])
    return out.getvalue()
