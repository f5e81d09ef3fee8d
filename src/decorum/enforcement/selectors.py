"""Reads for the moderator workspace: the queues, their counts and filters, everything an item
needs (engine evidence, reports, the author's standing) in a fixed number of queries, and the
audit log's entries (workspace_audit.py turns them into readable rows)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decorum.community.models import Comment, CommentReport, CommentStatus
from decorum.enforcement.models import AuditEntry, Block, Decision, DecisionSource

QUEUES = ("pending", "reported", "engine_rejected", "approved")


@dataclass(frozen=True, slots=True)
class Filters:
    rule: str = ""
    edition: str = ""
    article: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        raw_article = str(query.get("article", "") or "")
        return cls(
            rule=str(query.get("rule", "") or "")[:64],
            edition=str(query.get("edition", "") or "")[:16],
            article=int(raw_article) if raw_article.isdigit() else None,
        )

    def as_query(self) -> str:
        """The filters as a query string, encoded (a rule typed into the address bar may hold
        anything)."""
        from urllib.parse import urlencode

        pairs = {"rule": self.rule, "edition": self.edition, "article": self.article or ""}
        return urlencode({key: value for key, value in pairs.items() if value})


def _engine_decided(action: str) -> Exists:
    return Exists(
        Decision.objects.filter(
            comment_id=OuterRef("pk"), source=DecisionSource.ENGINE, action=action
        )
    )


def _human_decided() -> Exists:
    return Exists(
        Decision.objects.filter(comment_id=OuterRef("pk"), source=DecisionSource.MODERATOR)
    )


def _base(queue: str) -> QuerySet[Comment]:
    comments = Comment.objects.all()
    if queue == "pending":
        return comments.filter(status=CommentStatus.PENDING).order_by("created_at", "pk")
    if queue == "reported":
        return (
            comments.filter(status=CommentStatus.PUBLISHED)
            .filter(Exists(CommentReport.objects.filter(comment_id=OuterRef("pk"))))
            .annotate(report_count=Count("reports"))
            .order_by("-report_count", "created_at", "pk")
        )
    if queue == "engine_rejected":
        return (
            comments.filter(status=CommentStatus.REJECTED)
            .filter(_engine_decided("reject"))
            .exclude(_human_decided())
            .order_by("-updated_at", "-pk")
        )
    if queue == "approved":
        return comments.filter(status=CommentStatus.PUBLISHED).order_by("-updated_at", "-pk")
    raise ValueError(queue)


def _filtered(queryset: QuerySet[Comment], filters: Filters) -> QuerySet[Comment]:
    if filters.rule:
        needle = f'"{filters.rule}"'
        queryset = queryset.filter(
            Exists(Decision.objects.filter(comment_id=OuterRef("pk"), rules__icontains=needle))
            | Exists(CommentReport.objects.filter(comment_id=OuterRef("pk"), rule=filters.rule))
        )
    if filters.edition:
        queryset = queryset.filter(article__locale__language_code=filters.edition)
    if filters.article:
        queryset = queryset.filter(article_id=filters.article)
    return queryset


HISTORY_PER_AUTHOR = 3


def _just_before() -> QuerySet[Comment]:
    """The published comment posted just before, in the same article: what it answered when
    it is no formal reply."""
    return Comment.objects.filter(
        article_id=OuterRef("article_id"),
        status=CommentStatus.PUBLISHED,
        created_at__lt=OuterRef("created_at"),
    ).order_by("-created_at", "-pk")


def queue(name: str, filters: Filters) -> QuerySet[Comment]:
    before = _just_before()
    return (
        _filtered(_base(name), filters)
        .annotate(
            before_text=Subquery(before.values("text")[:1]),
            before_author=Subquery(before.values("author__display_name")[:1]),
        )
        .select_related("article__locale", "author", "parent__author", "last_edited_by")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.select_related("reporter").order_by("created_at"),
            )
        )
    )


def counts(filters: Filters) -> dict[str, int]:
    return {name: _filtered(_base(name), filters).count() for name in QUEUES}


@dataclass
class Standing:
    """How the author has fared so far."""

    by_status: dict[str, int] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return self.by_status.get(CommentStatus.REJECTED, 0)

    @property
    def published(self) -> int:
        return self.by_status.get(CommentStatus.PUBLISHED, 0)


def evidence_spans(
    text: str, findings: list[dict[str, Any]], *, checked: str
) -> list[tuple[int, int, str]]:
    """The ``(start, end, rule)`` spans of every detector's evidence that still hold in ``text``.

    Engine offsets index the text the engine checked (``checked``, stored with the decision).
    When the comment was edited since, or no checked text was stored, no span is returned: a
    mark on the wrong characters misleads a moderator more than no mark. A span whose stored
    ``text`` differs from the characters it covers is dropped for the same reason.
    """
    if not checked or checked != text:
        return []
    spans: list[tuple[int, int, str]] = []
    for finding in findings:
        rule = str(finding.get("id", ""))
        for ev in finding.get("evidence", []) or []:
            start, end = ev.get("start"), ev.get("end")
            if not (isinstance(start, int) and isinstance(end, int)):
                continue
            if not 0 <= start < end <= len(text):
                continue
            quoted = ev.get("text")
            if isinstance(quoted, str) and quoted and quoted != text[start:end]:
                continue
            spans.append((start, end, rule))
    spans.sort()
    return spans


def highlight(text: str, findings: list[dict[str, Any]], *, checked: str) -> SafeString:
    """The comment text with the engine's evidence spans wrapped in ``<mark>``; every piece of
    the comment is escaped on its own, so the text cannot open or close markup."""
    out: list[str] = []
    cursor = 0
    for start, end, rule in evidence_spans(text, findings, checked=checked):
        if start < cursor:  # overlapping evidence: extend the open mark's reach only
            start = cursor
            if start >= end:
                continue
        out.append(str(escape(text[cursor:start])))
        out.append(f'<mark data-rule="{escape(rule)}">{escape(text[start:end])}</mark>')
        cursor = end
    out.append(str(escape(text[cursor:])))
    return mark_safe("".join(out))  # safe: every piece of the comment was escaped above


def attach_context(comments: list[Comment]) -> None:
    """Give each item its latest engine decision, highlighted text and author standing."""
    ids = [c.pk for c in comments]
    authors = {c.author_id for c in comments}
    latest: dict[int, Decision] = {}
    for found in Decision.objects.filter(comment_id__in=ids).order_by("created_at", "pk"):
        if found.source != DecisionSource.MODERATOR:
            latest[found.comment_id] = found
    standing: dict[int, Standing] = defaultdict(Standing)
    rows = (
        Comment.objects.filter(author_id__in=authors)
        .values("author_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        standing[row["author_id"]].by_status[row["status"]] = row["n"]
    for block in Block.objects.filter(user_id__in=authors).order_by("-created_at"):
        standing[block.user_id].blocks.append(block)
    # The author's latest decisions on other comments, newest first (bounded: one query).
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    earlier = (
        Decision.objects.filter(comment__author_id__in=authors)
        .order_by("-created_at", "-pk")
        .values("comment__author_id", "comment_id", "source", "action", "rules", "created_at")
    )[: HISTORY_PER_AUTHOR * 10 * max(1, len(authors))]
    for decided in earlier:
        kept = history[decided["comment__author_id"]]
        if len(kept) < HISTORY_PER_AUTHOR + 1:  # one more: an item hides its own decision
            kept.append(dict(decided))
    for comment in comments:
        decision = latest.get(comment.pk)
        findings = list(decision.findings) if decision is not None else []
        comment.engine_decision = decision  # type: ignore[attr-defined]
        comment.fired = sorted(findings, key=lambda f: -float(f.get("score", 0)))  # type: ignore[attr-defined]
        checked = decision.text_checked if decision is not None else ""
        comment.highlighted = highlight(comment.text, findings, checked=checked)  # type: ignore[attr-defined]
        comment.standing = standing[comment.author_id]  # type: ignore[attr-defined]
        comment.history = [  # type: ignore[attr-defined]
            row for row in history[comment.author_id] if row["comment_id"] != comment.pk
        ][:HISTORY_PER_AUTHOR]


def audit_entries(target: str = "") -> QuerySet[AuditEntry]:
    """The audit log, newest first; ``target`` (``"<type>:<id>"``) narrows it to one object."""
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-pk")
    if ":" in target:
        kind, _sep, pk = target.partition(":")
        entries = entries.filter(target_type=kind, target_id=pk)
    return entries
