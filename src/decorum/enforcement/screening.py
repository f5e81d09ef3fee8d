"""Every new or edited comment is checked by the engine after it is saved.

``schedule_screening`` runs inside the posting transaction and queues ``screen_comment`` for
after commit (in-process by default, Celery in production). The job loads the comment by id,
asks the engine through the adapter, stores the whole verdict as a ``Decision`` and moves the
comment: allow publishes it (unless pre-moderation holds everything for a person), reject
rejects it citing the rule, queue holds it for a moderator. When anything goes wrong the
comment stays pending with the reason written down, so nothing is lost or left undecided.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from decorum.community import app_settings as community_settings
from decorum.community.models import Comment, CommentStatus
from decorum.core.jobs import enqueue_on_commit
from decorum.enforcement import app_settings, audit, engine_adapter
from decorum.enforcement.actions import _change_status
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource

logger = logging.getLogger(__name__)

ARTICLE_TEXT_CHARS = 4000
AWAITING_CHECK = "awaiting the automatic check"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def schedule_screening(comment: Comment) -> None:
    """Queue the engine's check of ``comment``'s current text for after commit."""
    if app_settings.screening():
        enqueue_on_commit(screen_comment, comment.pk, text_digest(comment.text))


def _article_text(article: Any) -> str:
    parts = [str(getattr(article, "lead", "") or "")]
    for block in getattr(article, "body", None) or ():
        if block.block_type == "paragraph":
            parts.append(strip_tags(str(block.value.source)))
        elif block.block_type == "quote":
            parts.append(str(block.value.get("text", "")))
        if sum(len(p) for p in parts) > ARTICLE_TEXT_CHARS:
            break
    return "\n".join(p for p in parts if p)[:ARTICLE_TEXT_CHARS]


def edition_language(article: Any) -> str:
    """The language the comment rules use: the article's locale (its edition)."""
    locale = getattr(article, "locale", None)
    code = str(getattr(locale, "language_code", "") or "en")
    return code.split("-")[0].lower()


def comment_facts(comment: Comment) -> engine_adapter.CommentFacts:
    article = comment.article.specific
    parent = comment.parent
    return engine_adapter.CommentFacts(
        comment_id=str(comment.pk),
        text=comment.text,
        author=str(comment.author.public_id),
        article_id=str(article.pk),
        article_title=str(article.title),
        article_text=_article_text(article),
        language=edition_language(article),
        created_at=comment.created_at,
        parent_id=str(parent.pk) if parent is not None else "",
        parent_text=parent.text if parent is not None else "",
        parent_author=str(parent.author.public_id) if parent is not None else "",
    )


def _decided_rule(verdict: dict[str, Any]) -> str:
    """The rule a rejection cites: the highest-scoring fired rule whose action is reject."""
    actions = engine_adapter.rule_actions()
    fired = sorted(verdict.get("rules", []), key=lambda r: -float(r.get("score", 0.0)))
    for finding in fired:
        if actions.get(finding["id"]) == "reject":
            return str(finding["id"])
    return str(fired[0]["id"]) if fired else ""


def screen_comment(comment_id: int, digest: str) -> Decision | None:
    """The background job: decide one comment's text (skipped when it changed meanwhile)."""
    comment = (
        Comment.objects.select_related("author", "parent__author", "article")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.status == CommentStatus.REMOVED:
        return None
    if text_digest(comment.text) != digest:
        return None  # edited since: the newer text has its own job
    started = time.perf_counter()
    try:
        facts = comment_facts(comment)
        verdict: dict[str, Any] | None = engine_adapter.check(facts)
        failure = ""
    except Exception as err:  # the engine must never leave a comment undecided
        logger.exception("The engine failed on comment %s", comment_id)
        verdict = None
        failure = f"{type(err).__name__}: {err}"[:500]
    duration_ms = (time.perf_counter() - started) * 1000
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_id)
        if comment.status == CommentStatus.REMOVED or text_digest(comment.text) != digest:
            return None
        if verdict is None:
            return _hold_after_failure(comment, failure, duration_ms)
        return _apply(comment, verdict, facts.language, duration_ms)


def _hold_after_failure(comment: Comment, failure: str, duration_ms: float) -> Decision:
    note = _("The automatic check failed (%(reason)s); a moderator will decide.") % {
        "reason": failure
    }
    decision = Decision.objects.create(
        comment=comment,
        source=DecisionSource.SYSTEM,
        action=DecisionAction.QUEUE,
        failures=[{"detector": "engine", "reason": failure}],
        statement=note,
        text_checked=comment.text,
        duration_ms=duration_ms,
    )
    if comment.status != CommentStatus.PENDING:
        _change_status(comment, CommentStatus.PENDING, by_system=True, note=note)
    audit.record(
        action="comment.engine_failed",
        target=comment,
        details={"decision": decision.pk, "status": comment.status},
    )
    return decision


def _apply(comment: Comment, verdict: dict[str, Any], language: str, ms: float) -> Decision:
    action = str(verdict["action"])
    rules = [str(r["id"]) for r in verdict.get("rules", [])]
    rule = _decided_rule(verdict) if action == DecisionAction.REJECT else ""
    if rule:
        rules = [rule, *(r for r in rules if r != rule)]  # the cited rule comes first
    decision = Decision.objects.create(
        comment=comment,
        source=DecisionSource.ENGINE,
        action=action,
        rules=rules,
        findings=verdict.get("rules", []),
        scores=verdict.get("scores", {}),
        failures=verdict.get("failures", []),
        timings_ms=verdict.get("timings_ms", {}),
        statement=str(verdict.get("statement", "")),
        policy_version=str(verdict.get("policy_version", "")),
        engine_version=str(verdict.get("engine_version", "")),
        language=language,
        text_checked=comment.text,
        duration_ms=ms,
    )
    before = comment.status
    if action == DecisionAction.REJECT:
        if before != CommentStatus.REJECTED:
            _change_status(
                comment, CommentStatus.REJECTED, by_system=True, rule=rule, note="engine"
            )
    elif action == DecisionAction.QUEUE:
        if before != CommentStatus.PENDING:
            _change_status(comment, CommentStatus.PENDING, by_system=True, note="engine: queue")
    elif before == CommentStatus.PENDING and not community_settings.premoderation():
        _change_status(comment, CommentStatus.PUBLISHED, by_system=True, note="engine: allow")
    audit.record(
        action=f"comment.engine_{action}",
        target=comment,
        details={
            "decision": decision.pk,
            "rules": rules,
            "from_status": before,
            "to_status": comment.status,
            "policy_version": decision.policy_version,
        },
    )
    return decision


def latest_decision(comment: Comment) -> Decision | None:
    return Decision.objects.filter(comment=comment).order_by("-created_at", "-pk").first()


def await_decision(comment: Comment, timeout: float | None = None) -> None:
    """Give the background check up to ``timeout`` seconds, so the page after posting can
    show its outcome; returns early once a decision exists."""
    wait = app_settings.wait_seconds() if timeout is None else timeout
    if not app_settings.screening() or wait <= 0:
        return
    deadline = time.monotonic() + wait
    since = comment.updated_at
    while time.monotonic() < deadline:
        if Decision.objects.filter(comment_id=comment.pk, created_at__gte=since).exists():
            return
        time.sleep(0.05)
