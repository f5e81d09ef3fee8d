"""Moderation statistics: reads for ``/moderation/stats/``, one database query per chart.

Every figure is aggregated in the database (``values()``/``annotate()``) except medians and
90th percentiles, which SQLite cannot compute: for those one query fetches the durations, in
hours computed by the database, and Python sorts them. Every query is filtered to the period
first (indexes on ``created_at`` serve it) and is a single bounded aggregate: no per-row
subquery and no per-row Python function. Counts per day are one query of one aggregate per day
(:func:`per_day`), each a range on the raw timestamp that an index serves, joined with
``UNION ALL``: grouping every row by a computed day made SQLite sort the whole period (and
``TruncDate`` runs as a Python function on every row). Durations per day, which are fetched
anyway, take their day from :func:`day_number`, a search over the local midnights.

The edition filter follows the article a comment belongs to. Site blocks and appeals about an
account belong to no article, so they count only when no edition is chosen.

"The engine's measured accuracy" is what the publisher gets from automatic decisions on this
site: of the engine's rejections, the share no person overturned (a moderator approving the
comment, directly or by granting an appeal); of the engine's allowed comments, the share a
moderator did not reject after a reader's report. The share comes with a Wilson 95% interval,
because a handful of decisions says little.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain, pairwise
from typing import Any, TypeVar

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decorum.community.models import Comment, CommentReport, CommentStatus
from decorum.community.standards import current_standards
from decorum.enforcement import charts
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

DEFAULT_DAYS = 30
Z_95 = 1.959964

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class StatsFilter:
    """A period of whole days (``until`` included) and an edition ("" for all of them)."""

    since: date
    until: date
    edition: str = ""

    @classmethod
    def default(cls, *, edition: str = "") -> StatsFilter:
        today = timezone.localdate()
        return cls(since=today - timedelta(days=DEFAULT_DAYS - 1), until=today, edition=edition)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]

    @property
    def midnights(self) -> list[datetime]:
        """The start of every day of the period in the site's time zone, then its end."""
        return [
            timezone.make_aware(datetime.combine(d, time.min))
            for d in [*self.days, self.until + timedelta(days=1)]
        ]

    def comments(self, path: str = "") -> Q:
        """The edition condition on a query reaching the comment through ``path``."""
        if not self.edition:
            return Q()
        return Q(**{f"{path}article__locale__language_code": self.edition})


@dataclass
class Chart:
    """One chart: its table (``columns``, ``rows``) is the data; ``svg`` only draws it."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    svg: SafeString | None = None
    summary: list[tuple[str, Any]] = field(default_factory=list)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile of sorted ``values`` by linear interpolation (None when empty)."""
    if not values:
        return None
    position = (len(values) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (None without trials)."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _round(value: float | None, digits: int = 2) -> float | str:
    return "" if value is None else round(value, digits)


def day_number(field: str, f: StatsFilter) -> Expression:
    """The day of the period (0 for ``f.since``) of a time ``field`` already within the period.

    A binary search over the local midnights as nested ``CASE`` expressions: about log2(days)
    comparisons per row, native on every database and right across daylight saving changes.
    """
    midnights = f.midnights

    def search(low: int, high: int) -> Expression:  # the days low..high-1
        if high - low == 1:
            return Value(low, output_field=IntegerField())
        middle = (low + high) // 2
        return Case(
            When(**{f"{field}__lt": midnights[middle]}, then=search(low, middle)),
            default=search(middle, high),
            output_field=IntegerField(),
        )

    return search(0, len(midnights) - 1)


def per_day(
    queryset: QuerySet[_M],
    f: StatsFilter,
    *,
    group_by: Sequence[str] = (),
    **aggregates: Any,
) -> list[dict[str, Any]]:
    """``aggregates`` (grouped by ``group_by``) of each day of the period, in one query.

    One aggregate per day, each filtered to the day by a range on the raw ``created_at`` (an
    index search, no function on the column), joined with ``UNION ALL``; every row carries its
    ``day`` (0 for ``f.since``). Small per-day groups replace one sort of the whole period.
    A period has at most 367 days, under SQLite's limit of 500 terms in a compound query.
    """
    branches = [
        queryset.filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=Value(index, output_field=IntegerField()))
        .values("day", *group_by)
        .annotate(**aggregates)
        .order_by()
        for index, (start, end) in enumerate(pairwise(f.midnights))
    ]
    return list(branches[0].union(*branches[1:], all=True))


class HoursBetween(Func):
    """Hours from the time ``start`` to the time ``end`` as a float, computed by the database
    (Django's own duration arithmetic runs as a Python function per row on SQLite)."""

    output_field = FloatField()
    arity = 2
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)"
    arg_joiner = " - "

    def __init__(self, start: str, end: str) -> None:
        super().__init__(F(end), F(start))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _rule_titles(language: str) -> dict[str, str]:
    standards = current_standards(language or "en")
    return {rule.id: rule.title for rule in standards.rules}


# -- comments per day by outcome ----------------------------------------------------------------

OUTCOMES = (
    CommentStatus.PUBLISHED,
    CommentStatus.REJECTED,
    CommentStatus.PENDING,
    CommentStatus.REMOVED,
)


def comments_by_outcome(f: StatsFilter) -> Chart:
    """Comments written each day, by where they stand now."""
    counts = per_day(Comment.objects.filter(f.comments()), f, group_by=["status"], n=Count("pk"))
    table: dict[tuple[int, str], int] = {(r["day"], r["status"]): r["n"] for r in counts}
    days = f.days
    labels = [str(CommentStatus(s).label) for s in OUTCOMES]
    rows: list[list[Any]] = [
        [d.isoformat(), *(table.get((i, s), 0) for s in OUTCOMES)] for i, d in enumerate(days)
    ]
    return Chart(
        name="comments",
        title=_("Comments per day by outcome"),
        columns=[_("Day"), *labels],
        rows=rows,
        svg=charts.stacked_columns(
            title=_("Comments per day by outcome"),
            categories=[d.isoformat() for d in days],
            series=[
                charts.Series(label, [row[i + 1] for row in rows]) for i, label in enumerate(labels)
            ],
        ),
    )


# -- decisions -------------------------------------------------------------------------------


def _decisions(f: StatsFilter) -> QuerySet[Decision]:
    return Decision.objects.filter(
        f.comments("comment__"), created_at__gte=f.start, created_at__lt=f.end
    )


def decisions_by_rule(f: StatsFilter, language: str) -> Chart:
    """Rejections by the rule cited, automatic or human."""
    counts = (
        _decisions(f)
        .filter(action=DecisionAction.REJECT)
        .annotate(rule=F("cited_rule"))
        .values("rule")
        .annotate(
            automatic=Count("pk", filter=~Q(source=DecisionSource.MODERATOR)),
            human=Count("pk", filter=Q(source=DecisionSource.MODERATOR)),
        )
        .order_by("rule")
    )
    titles = _rule_titles(language)
    rows = [
        [r["rule"] or "", titles.get(r["rule"] or "", r["rule"] or "—"), r["automatic"], r["human"]]
        for r in counts
    ]
    return Chart(
        name="rules",
        title=_("Rejections by rule"),
        columns=[_("Rule"), _("Title"), _("Automatic"), _("By a moderator")],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("Rejections by rule"),
            categories=[row[1] for row in rows],
            series=[
                charts.Series(_("Automatic"), [row[2] for row in rows]),
                charts.Series(_("By a moderator"), [row[3] for row in rows]),
            ],
        ),
    )


def decisions_by_source(f: StatsFilter) -> Chart:
    """Decisions per day: the engine's (and the system's when the engine failed) and people's."""
    counts = per_day(
        Decision.objects.filter(f.comments("comment__")),
        f,
        automatic=Count("pk", filter=~Q(source=DecisionSource.MODERATOR)),
        human=Count("pk", filter=Q(source=DecisionSource.MODERATOR)),
    )
    table = {r["day"]: (r["automatic"], r["human"]) for r in counts}
    days = f.days
    rows = [[d.isoformat(), *table.get(i, (0, 0))] for i, d in enumerate(days)]
    return Chart(
        name="sources",
        title=_("Automatic and human decisions per day"),
        columns=[_("Day"), _("Automatic"), _("By a moderator")],
        rows=rows,
        svg=charts.stacked_columns(
            title=_("Automatic and human decisions per day"),
            categories=[d.isoformat() for d in days],
            series=[
                charts.Series(_("Automatic"), [row[1] for row in rows]),
                charts.Series(_("By a moderator"), [row[2] for row in rows]),
            ],
        ),
        summary=[
            (_("Automatic"), sum(row[1] for row in rows)),
            (_("By a moderator"), sum(row[2] for row in rows)),
        ],
    )


# -- the queue -------------------------------------------------------------------------------

BACKLOG_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    (gettext_noop("less than 1 hour"), timedelta(hours=1)),
    (gettext_noop("1 to 6 hours"), timedelta(hours=6)),
    (gettext_noop("6 to 24 hours"), timedelta(hours=24)),
    (gettext_noop("1 to 3 days"), timedelta(days=3)),
    (gettext_noop("more than 3 days"), None),
)


def queue_backlog(f: StatsFilter) -> Chart:
    """The pending queue now (whatever the period), by how long the comments have waited."""
    now = timezone.now()
    bounds = [limit for _label, limit in BACKLOG_BUCKETS if limit is not None]
    aggregates: dict[str, Any] = {}
    lower: timedelta | None = None
    for index, limit in enumerate([*bounds, None]):
        condition = Q()
        if limit is not None:
            condition &= Q(created_at__gt=now - limit)
        if lower is not None:
            condition &= Q(created_at__lte=now - lower)
        aggregates[f"b{index}"] = Count("pk", filter=condition)
        lower = limit
    counts = Comment.objects.filter(f.comments(), status=CommentStatus.PENDING).aggregate(
        **aggregates
    )
    rows = [[_(label), counts[f"b{i}"]] for i, (label, _limit) in enumerate(BACKLOG_BUCKETS)]
    return Chart(
        name="backlog",
        title=_("Pending comments now, by time waited"),
        columns=[_("Waiting for"), _("Comments")],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("Pending comments now, by time waited"),
            categories=[row[0] for row in rows],
            series=[charts.Series(_("Comments"), [row[1] for row in rows])],
        ),
        summary=[(_("Pending comments now"), sum(row[1] for row in rows))],
    )


def time_to_human_decision(f: StatsFilter) -> Chart:
    """Hours from a comment's posting to a moderator's decision on it while it was pending,
    per day of the decision: median and 90th percentile.

    Every duration is fetched (SQLite has no percentile), so the rows are read from the cursor
    as the database returns them: Django's per-value converters cost more than the query. The
    posting time is the copy on the status change (``comment_created_at``), so the query reads
    one index (``statuschange_wait``) and looks up no comment unless an edition is chosen.
    """
    pairs = (
        StatusChange.objects.filter(
            f.comments("comment__"),
            created_at__gte=f.start,
            created_at__lt=f.end,
            actor__isnull=False,
            from_status=CommentStatus.PENDING,
            to_status__in=[CommentStatus.PUBLISHED, CommentStatus.REJECTED],
        )
        .values_list(day_number("created_at", f), HoursBetween("comment_created_at", "created_at"))
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    by_day: dict[int, list[float]] = defaultdict(list)
    for day, hours in fetched:
        by_day[int(day)].append(max(float(hours or 0.0), 0.0))
    days = f.days
    rows: list[list[Any]] = []
    for i, d in enumerate(days):
        values = sorted(by_day.get(i, []))
        rows.append(
            [
                d.isoformat(),
                len(values),
                _round(quantile(values, 0.5)),
                _round(quantile(values, 0.9)),
            ]
        )
    everything = sorted(chain.from_iterable(by_day.values()))
    return Chart(
        name="wait",
        title=_("Hours to a moderator's decision on a pending comment"),
        columns=[_("Day"), _("Decisions"), _("Median (hours)"), _("90th percentile (hours)")],
        rows=rows,
        svg=charts.lines(
            title=_("Hours to a moderator's decision on a pending comment"),
            categories=[d.isoformat() for d in days],
            series=[
                charts.Series(_("Median (hours)"), [row[2] or 0 for row in rows]),
                charts.Series(_("90th percentile (hours)"), [row[3] or 0 for row in rows]),
            ],
        ),
        summary=[
            (_("Decisions"), len(everything)),
            (_("Median (hours)"), _round(quantile(everything, 0.5))),
            (_("90th percentile (hours)"), _round(quantile(everything, 0.9))),
        ],
    )


# -- reports, appeals, blocks --------------------------------------------------------------------


def reports_by_rule(f: StatsFilter, language: str) -> Chart:
    counts = (
        CommentReport.objects.filter(
            f.comments("comment__"), created_at__gte=f.start, created_at__lt=f.end
        )
        .values("rule")
        .annotate(n=Count("pk"))
        .order_by("rule")
    )
    titles = _rule_titles(language)
    rows = [[r["rule"], titles.get(r["rule"], r["rule"]), r["n"]] for r in counts]
    return Chart(
        name="reports",
        title=_("Readers' reports by rule"),
        columns=[_("Rule"), _("Title"), _("Reports")],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("Readers' reports by rule"),
            categories=[row[1] for row in rows],
            series=[charts.Series(_("Reports"), [row[2] for row in rows])],
        ),
    )


def appeals(f: StatsFilter) -> Chart:
    """Appeals filed in the period, how they were answered and how long the answer took."""
    query = Appeal.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
    if f.edition:
        query = query.filter(comment__article__locale__language_code=f.edition)
    found: dict[str, int] = defaultdict(int)
    waits: list[float] = []
    for status, created_at, decided_at in query.values_list("status", "created_at", "decided_at"):
        found[status] += 1
        if decided_at is not None:
            waits.append(max(_hours(decided_at - created_at), 0.0))
    waits.sort()
    labels = [
        (_("Filed"), sum(found.values())),
        (_("Granted"), found[AppealStatus.GRANTED]),
        (_("Refused"), found[AppealStatus.DENIED]),
        (_("Waiting"), found[AppealStatus.OPEN]),
    ]
    rows: list[list[Any]] = [[label, n] for label, n in labels]
    return Chart(
        name="appeals",
        title=_("Appeals"),
        columns=[_("Appeals"), _("Number")],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("Appeals"),
            categories=[row[0] for row in rows],
            series=[charts.Series(_("Appeals"), [row[1] for row in rows])],
        ),
        summary=[
            (_("Median hours to an answer"), _round(quantile(waits, 0.5))),
            (_("90th percentile of hours to an answer"), _round(quantile(waits, 0.9))),
        ],
    )


def blocks_by_kind(f: StatsFilter) -> Chart:
    query = Block.objects.filter(created_at__gte=f.start, created_at__lt=f.end)
    if f.edition:
        query = query.filter(article__locale__language_code=f.edition)
    counts = (
        query.annotate(
            by_ladder=ExpressionWrapper(Q(moderator__isnull=True), output_field=BooleanField())
        )
        .values("scope", "by_ladder")
        .annotate(
            n=Count("pk"),
            silent=Count("pk", filter=Q(without_notice=True)),
            final_blocks=Count("pk", filter=Q(final=True)),
        )
        .order_by("scope", "by_ladder")
    )
    rows: list[list[Any]] = []
    for r in counts:
        scope = _("the whole site") if r["scope"] == BlockScope.SITE else _("one article")
        who = _("sanction ladder") if r["by_ladder"] else _("moderator")
        rows.append([f"{scope} · {who}", r["n"], r["silent"], r["final_blocks"]])
    return Chart(
        name="blocks",
        title=_("Blocks by kind"),
        columns=[_("Kind"), _("Blocks"), _("Without notice"), _("Final")],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("Blocks by kind"),
            categories=[row[0] for row in rows],
            series=[charts.Series(_("Blocks"), [row[1] for row in rows])],
        ),
    )


# -- the engine's measured accuracy ----------------------------------------------------------------


def engine_accuracy(f: StatsFilter, language: str) -> Chart:
    """Per rule and language, how often people let the engine's automatic decision stand.

    One query of four aggregates joined with ``UNION ALL``: the engine's rejections of the
    period counted by rule and language and its allowed comments by language (allowed comments
    cite no rule, and the sort behind a GROUP BY costs by the width of its key), each one range
    of the ``decision_outcome`` index; then the overturned ones, counted apart, among the
    comments a moderator decided the other way since the period began (and, for an allowed
    comment, that a reader reported): SQLite computes that set once, so the search for a later
    decision by a person (the ``decision_comment_human`` index) runs for that minority only.
    The union is not ordered: :func:`_accuracy_rows` sorts its few rows.
    """
    engine = _decisions(f).filter(source=DecisionSource.ENGINE)
    moderators = Decision.objects.filter(source=DecisionSource.MODERATOR, created_at__gte=f.start)
    later_human = Decision.objects.filter(
        comment_id=OuterRef("comment_id"),
        source=DecisionSource.MODERATOR,
        created_at__gte=OuterRef("created_at"),
    )
    zero = Value(0, output_field=IntegerField())
    cited = F("cited_rule")
    no_rule = Value("", output_field=CharField())
    rejected = (
        engine.filter(action=DecisionAction.REJECT)
        .values("action", "language", rule=cited)
        .annotate(n=Count("pk"), overturned=zero)
    )
    allowed = (
        engine.filter(action=DecisionAction.ALLOW)
        .values("action", "language", rule=no_rule)
        .annotate(n=Count("pk"), overturned=zero)
    )
    approved = (
        engine.filter(
            Exists(later_human.filter(action=DecisionAction.ALLOW)),
            action=DecisionAction.REJECT,
            comment_id__in=moderators.filter(action=DecisionAction.ALLOW).values("comment_id"),
        )
        .values("action", "language", rule=cited)
        .annotate(n=zero, overturned=Count("pk"))
    )
    rejected_after_report = (
        engine.filter(
            Exists(later_human.filter(action=DecisionAction.REJECT)),
            action=DecisionAction.ALLOW,
            comment_id__in=moderators.filter(action=DecisionAction.REJECT).values("comment_id"),
        )
        .filter(comment_id__in=CommentReport.objects.values("comment_id"))
        .values("action", "language", rule=no_rule)
        .annotate(n=zero, overturned=Count("pk"))
    )
    counts = rejected.order_by().union(
        allowed.order_by(), approved.order_by(), rejected_after_report.order_by(), all=True
    )
    titles = _rule_titles(language)
    rows: list[list[Any]] = []
    for r in _accuracy_rows(counts):
        rule = r["rule"] if r["action"] == DecisionAction.REJECT else ""
        kind = _("rejected") if r["action"] == DecisionAction.REJECT else _("allowed")
        upheld = r["n"] - r["overturned"]
        interval = wilson(upheld, r["n"])
        rows.append(
            [
                kind,
                rule,
                titles.get(rule, rule or "—"),
                r["language"] or "—",
                r["n"],
                r["overturned"],
                _round(upheld / r["n"] if r["n"] else None, 4),
                _round(interval[0] if interval else None, 4),
                _round(interval[1] if interval else None, 4),
            ]
        )
    return Chart(
        name="accuracy",
        title=_("The engine's measured accuracy on this site"),
        columns=[
            _("Automatic decision"),
            _("Rule"),
            _("Title"),
            _("Language"),
            _("Decisions"),
            _("Overturned by a person"),
            _("Precision"),
            _("95% interval, low"),
            _("95% interval, high"),
        ],
        rows=rows,
        svg=charts.horizontal_bars(
            title=_("The engine's measured accuracy on this site"),
            categories=[f"{row[0]} {row[1]} {row[3]}".strip() for row in rows],
            series=[charts.Series(_("Precision"), [row[6] or 0 for row in rows])],
        ),
    )


def _accuracy_rows(counts: Iterable[Any]) -> list[dict[str, Any]]:
    """Allowed comments cite no rule: their rows are merged per language, and the counts of a
    rule and language (decisions, overturned ones) are summed."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in counts:
        rule = r["rule"] or "" if r["action"] == DecisionAction.REJECT else ""
        key = (r["action"], rule, r["language"] or "")
        row = merged.setdefault(
            key, {"action": r["action"], "rule": rule, "language": key[2], "n": 0, "overturned": 0}
        )
        row["n"] += r["n"]
        row["overturned"] += r["overturned"]
    return [merged[key] for key in sorted(merged)]


# -- the page --------------------------------------------------------------------------------

CHARTS = (
    "comments",
    "rules",
    "sources",
    "backlog",
    "wait",
    "reports",
    "appeals",
    "blocks",
    "accuracy",
)


def build_chart(name: str, f: StatsFilter, *, language: str) -> Chart:
    """One chart by name (``name`` is one of ``CHARTS``)."""
    builders = {
        "comments": lambda: comments_by_outcome(f),
        "rules": lambda: decisions_by_rule(f, language),
        "sources": lambda: decisions_by_source(f),
        "backlog": lambda: queue_backlog(f),
        "wait": lambda: time_to_human_decision(f),
        "reports": lambda: reports_by_rule(f, language),
        "appeals": lambda: appeals(f),
        "blocks": lambda: blocks_by_kind(f),
        "accuracy": lambda: engine_accuracy(f, language),
    }
    return builders[name]()


def all_charts(f: StatsFilter, *, language: str) -> list[Chart]:
    return [build_chart(name, f, language=language) for name in CHARTS]
