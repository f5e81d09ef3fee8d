"""Every new or edited comment is checked by the engine after it is saved.

``schedule_screening`` runs inside the posting transaction and queues ``screen_comment`` for
after commit (in-process by default, Celery in production). The job loads the comment by id,
asks the engine through the adapter, stores the whole verdict as a ``Decision`` and moves the
comment: allow publishes it (unless pre-moderation holds everything for a person), reject
rejects it citing the rule, queue holds it for a moderator. When the engine fails the
comment stays pending with the reason written down, so nothing is lost or left undecided.

The check is durable work: ``schedule_screening`` records a ``ScreeningWork`` row in the
posting transaction, the job closes it when it decides, and ``reconcile_screening`` (run by
``decorum serve``'s scheduler, Celery beat and ``manage.py reconcile_screening``) sends every
check still open after ``DECORUM_ENFORCEMENT_RETRY_AFTER_SECONDS`` again, with exponential
backoff, until ``DECORUM_ENFORCEMENT_MAX_ATTEMPTS``; then the comment waits for a moderator
with the reason. The job is idempotent: a redelivered job, a job for a text edited since, or
one for a comment a person has decided meanwhile changes nothing, and an automatic decision
(with the sanction ladder it may trigger) is taken at most once per check.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from decorum.community import app_settings as community_settings
from decorum.community.models import Comment, CommentStatus
from decorum.core import wakeups
from decorum.core.jobs import enqueue_on_commit, run_inline
from decorum.core.sqlite_backend.base import is_lock_error
from decorum.enforcement import app_settings, audit, engine_adapter
from decorum.enforcement.actions import change_status
from decorum.enforcement.models import (
    Decision,
    DecisionAction,
    DecisionSource,
    ScreeningWork,
    StatusChange,
    WorkOutcome,
)

logger = logging.getLogger(__name__)

ARTICLE_TEXT_CHARS = 4000
AWAITING_CHECK = "awaiting the automatic check"
SCREENING_PROCESS = "screening"  # the helper that runs the checks when up (screening_worker)


def decided_key(comment_id: int) -> str:
    """What the requests waiting for ``comment_id``'s decision wait on (``core.wakeups``)."""
    return f"decided:{comment_id}"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def schedule_screening(comment: Comment, *, new: bool = False) -> None:
    """Record the engine's check of ``comment``'s current text as work and queue it for after
    commit. Precondition: the caller holds the transaction that saved the text (and, for an
    edit, a lock on the comment), so the work commits with the text or not at all. A ``new``
    comment has no work yet: it is inserted without looking first."""
    if not app_settings.screening():
        return
    digest = text_digest(comment.text)
    now = timezone.now()
    due = now + app_settings.retry_delay(1)
    defaults = {"digest": digest, "scheduled_at": now, "next_attempt_at": due}
    if new:
        work, created = ScreeningWork.objects.create(comment_id=comment.pk, **defaults), True
    else:
        work, created = ScreeningWork.objects.get_or_create(
            comment_id=comment.pk, defaults=defaults
        )
    if not created:
        work.revision += 1
        work.digest = digest
        work.attempts = 1
        work.scheduled_at = now
        work.next_attempt_at = due
        work.done_at = None
        work.outcome = ""
        work.last_error = ""
        work.save(
            update_fields=[
                "revision",
                "digest",
                "attempts",
                "scheduled_at",
                "next_attempt_at",
                "done_at",
                "outcome",
                "last_error",
            ]
        )
    enqueue_on_commit(screen_comment, comment.pk, digest, process=SCREENING_PROCESS)


def article_text(article: Any) -> str:
    """The article as the engine reads it beside a comment: lead, paragraphs and quotes, capped."""
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


@dataclass(frozen=True)
class ArticleFacts:
    title: str
    text: str
    language: str


_ARTICLE_MEMO_SIZE = 256
_article_memo: dict[tuple[Any, ...], ArticleFacts] = {}
_article_memo_lock = threading.Lock()


def article_facts(page: Any) -> ArticleFacts:
    """What the engine reads of the article, remembered per published revision: every comment
    under a story needs the same text, and reading it from the page's body cost more than the
    engine's own check."""
    key = (page.pk, page.live_revision_id, page.last_published_at, page.title)
    facts = _article_memo.get(key)
    if facts is None:
        article = page.specific
        facts = ArticleFacts(str(article.title), article_text(article), edition_language(article))
        with _article_memo_lock:  # the nudge reads it from the web server's threads
            if len(_article_memo) >= _ARTICLE_MEMO_SIZE:
                _article_memo.pop(next(iter(_article_memo)))
            _article_memo[key] = facts
    return facts


def comment_facts(comment: Comment) -> engine_adapter.CommentFacts:
    """What the engine is told about ``comment``: the one place the site builds the engine's
    input, for a saved comment (screening) and for an unsaved draft (the nudge, whose id is
    ``"draft"``). Precondition: ``article``, ``author`` and ``parent`` (with its author) are
    set or joined, so no query is made per field."""
    article = article_facts(comment.article)
    parent = comment.parent
    return engine_adapter.CommentFacts(
        comment_id=str(comment.pk) if comment.pk is not None else "draft",
        text=comment.text,
        author=str(comment.author.public_id),
        article_id=str(comment.article_id),
        article_title=article.title,
        article_text=article.text,
        language=article.language,
        created_at=comment.created_at,
        parent_id=str(parent.pk) if parent is not None else "",
        parent_text=parent.text if parent is not None else "",
        parent_author=str(parent.author.public_id) if parent is not None else "",
    )


def _still_wanted(
    comment: Comment, work: ScreeningWork | None, digest: str, *, ask_people: bool = True
) -> str:
    """Why the check of ``digest`` is no longer wanted ("" while it is). A redelivered job
    finds its work done; a job for an older text finds newer work. ``ask_people=False`` skips
    the two queries for a person's decision (the look before the engine runs: the look under
    the lock asks them)."""
    if work is None or work.done_at is not None or work.digest != digest:
        return "done"
    if comment.status == CommentStatus.REMOVED:
        return WorkOutcome.REMOVED
    if text_digest(comment.text) != digest:
        return WorkOutcome.SUPERSEDED  # a moderator's edit, which is not checked again
    if ask_people and comment.pk in _decided_by_people({comment.pk: work}):
        return WorkOutcome.DECIDED_BY_PERSON
    return ""


def _locked(comment_id: int) -> tuple[Comment | None, ScreeningWork | None]:
    """The comment and its work, locked in that order (the reconciler uses the same order).
    Precondition: inside ``transaction.atomic``."""
    comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
    work = ScreeningWork.objects.select_for_update().filter(comment_id=comment_id).first()
    return comment, work


def _note_error(comment_id: int, err: BaseException) -> None:
    """Keep the last error on the work, so a moderator later sees why checks failed."""
    close_old_connections()  # drop a connection the failure left unusable
    try:
        ScreeningWork.objects.open().filter(comment_id=comment_id).update(
            last_error=f"{type(err).__name__}: {err}"[:1000]
        )
    except Exception:  # the database may be what failed; the job's failure is logged anyway
        logger.warning("Could not note the error on comment %s's check", comment_id, exc_info=True)


def screen_comment(comment_id: int, digest: str) -> Decision | None:
    """The background job: decide one comment's text, once.

    Does nothing when the check is no longer wanted: already decided (a redelivery), the text
    changed since the job was scheduled, the comment was removed, or a person decided first.
    Any failure other than the engine's own is raised (``run_job`` logs and counts it) and
    leaves the work open for the reconciler.
    """
    try:
        return _screen_comment(comment_id, digest)
    except Exception as err:
        _note_error(comment_id, err)
        raise


@dataclass(frozen=True)
class _Checked:
    """The engine's answer on one comment's text, before it is stored."""

    comment_id: int
    digest: str
    language: str
    verdict: engine_adapter.ScreeningResult | None  # None: the engine failed
    failure: str
    duration_ms: float


def _with_facts() -> Any:
    return Comment.objects.select_related("author", "parent__author", "article")


def _settle(
    checked: _Checked,
    comment: Comment | None,
    work: ScreeningWork | None,
    *,
    decided_by_person: bool | None = None,
) -> Decision | None:
    """Store ``checked`` and move the comment, unless the check is no longer wanted.
    Precondition: inside ``transaction.atomic`` holding the comment's and the work's locks
    (``_locked``); ``decided_by_person`` is asked here when the caller did not."""
    if comment is None or work is None:
        return None
    if decided_by_person is None:
        reason = _still_wanted(comment, work, checked.digest)
    else:
        reason = _still_wanted(comment, work, checked.digest, ask_people=False)
        if not reason and decided_by_person:
            reason = WorkOutcome.DECIDED_BY_PERSON
    if reason:
        if reason != "done":
            ScreeningWork.objects.filter(pk=work.pk).close(reason)
        return None
    if checked.verdict is None:
        decision = _hold_after_failure(
            comment, checked.failure, checked.duration_ms, revision=work.revision
        )
    else:
        decision = _apply(
            comment, checked.verdict, checked.language, checked.duration_ms, work.revision
        )
    ScreeningWork.objects.filter(pk=work.pk).close(WorkOutcome.DECIDED)
    transaction.on_commit(lambda: wakeups.notify(decided_key(checked.comment_id)))
    return decision


def _screen_comment(comment_id: int, digest: str) -> Decision | None:
    comment = _with_facts().filter(pk=comment_id).first()
    if comment is None:
        return None
    work = ScreeningWork.objects.filter(comment_id=comment_id).first()
    if _still_wanted(comment, work, digest, ask_people=False):
        return None  # settled under the lock below, where it is safe to close the work
    [checked] = _check_many([(comment, digest)])
    with transaction.atomic():
        locked, work = _locked(comment_id)
        return _settle(checked, locked, work)


def _check_many(items: Sequence[tuple[Comment, str]]) -> list[_Checked]:
    """Ask the engine about each comment (outside any transaction: the write lock is not held
    meanwhile), once for all of them (its sentence encoder is much cheaper on a batch); each
    is charged an equal share of the time."""
    started = time.perf_counter()
    facts: list[engine_adapter.CommentFacts] = []
    failures: dict[int, str] = {}
    for comment, _digest in items:
        try:
            facts.append(comment_facts(comment))
        except Exception as err:  # the engine must never leave a comment undecided
            logger.exception("The facts of comment %s could not be gathered", comment.pk)
            failures[comment.pk] = f"{type(err).__name__}: {err}"[:500]
    try:
        answered: list[engine_adapter.ScreeningResult | Exception] = engine_adapter.check_each(
            facts
        )
    except Exception as err:  # noqa: BLE001 - no engine at all (unreadable policy): all held
        answered = [err] * len(facts)
    answers = iter(answered)
    languages = iter(item.language for item in facts)
    share_ms = (time.perf_counter() - started) * 1000 / max(1, len(items))
    checked: list[_Checked] = []
    for comment, digest in items:
        if comment.pk in failures:
            checked.append(_Checked(comment.pk, digest, "", None, failures[comment.pk], share_ms))
            continue
        answer, language = next(answers), next(languages)
        if isinstance(answer, Exception):
            logger.error("The engine failed on comment %s", comment.pk, exc_info=answer)
            failure = f"{type(answer).__name__}: {answer}"[:500]
            checked.append(_Checked(comment.pk, digest, language, None, failure, share_ms))
        else:
            checked.append(_Checked(comment.pk, digest, language, answer, "", share_ms))
    return checked


def _decided_by_people(works: dict[int, ScreeningWork]) -> set[int]:
    """Which of these comments (by id, with their work) a person decided since their check was
    scheduled: a status change or a moderator's decision. Two queries for all of them."""
    if not works:
        return set()
    since = min(work.scheduled_at for work in works.values())
    changes = StatusChange.objects.filter(
        comment_id__in=list(works), by_system=False, created_at__gte=since
    ).values_list("comment_id", "created_at")
    decisions = Decision.objects.filter(
        comment_id__in=list(works), source=DecisionSource.MODERATOR, created_at__gte=since
    ).values_list("comment_id", "created_at")
    return {
        comment_id
        for rows in (changes, decisions)
        for comment_id, at in rows
        if at >= works[comment_id].scheduled_at
    }


def screen_comments(items: Sequence[tuple[int, str]]) -> int:
    """Decide several comments' texts at once: what the screening process does with the
    checks that arrived together. The same as ``screen_comment`` on each, with the reads made
    once for all and every decision stored in one transaction, so a burst of posts costs the
    write lock once instead of once per comment. Returns how many were decided. Any failure
    other than the engine's leaves all of them open (the caller then checks them one by one).
    """
    digests = dict(items)
    comments = {c.pk: c for c in _with_facts().filter(pk__in=list(digests))}
    works = {w.comment_id: w for w in ScreeningWork.objects.filter(comment_id__in=list(digests))}
    checked = _check_many(
        [
            (comments[comment_id], digest)
            for comment_id, digest in digests.items()
            if comment_id in comments
            and not _still_wanted(
                comments[comment_id], works.get(comment_id), digest, ask_people=False
            )
        ]
    )
    if not checked:
        return 0
    wanted = [item.comment_id for item in checked]
    decided = 0
    with transaction.atomic():
        # locked in the order the reconciler uses: the comments, then their work
        comments_locked = Comment.objects.select_for_update().filter(pk__in=wanted)
        locked = {c.pk: c for c in comments_locked.order_by("pk")}
        locked_works = {
            w.comment_id: w
            for w in ScreeningWork.objects.select_for_update()
            .filter(comment_id__in=wanted)
            .order_by("comment_id")
        }
        by_people = _decided_by_people(locked_works)
        for item in checked:
            decision = _settle(
                item,
                locked.get(item.comment_id),
                locked_works.get(item.comment_id),
                decided_by_person=item.comment_id in by_people,
            )
            decided += decision is not None
    return decided


def _hold_after_failure(
    comment: Comment,
    failure: str,
    duration_ms: float | None,
    *,
    revision: int,
    note: str = "",
    detector: str = "engine",
) -> Decision:
    note = note or _("The automatic check failed (%(reason)s); a moderator will decide.") % {
        "reason": failure
    }
    decision = Decision.objects.create(
        comment=comment,
        source=DecisionSource.SYSTEM,
        action=DecisionAction.QUEUE,
        failures=[{"detector": detector, "reason": failure}],
        statement=note,
        text_checked=comment.text,
        duration_ms=duration_ms,
        screening_revision=revision,
    )
    if comment.status != CommentStatus.PENDING:
        change_status(comment, CommentStatus.PENDING, by_system=True, note=note)
    audit.record(
        action="comment.engine_failed",
        target=comment,
        details={"decision": decision.pk, "status": comment.status},
    )
    return decision


def _apply(
    comment: Comment,
    verdict: engine_adapter.ScreeningResult,
    language: str,
    ms: float,
    revision: int,
) -> Decision:
    """Store the verdict and move the comment. The decision keeps the findings as data (rule,
    detector, score, reason code with parameters, evidence in ``text_checked``), so readers'
    statements are written at view time in their language (``statements.reader_statement``)."""
    action = verdict.action
    rule = verdict.rule if action == DecisionAction.REJECT else ""
    rules = [f.rule for f in verdict.findings]
    if verdict.rule:
        rules = [verdict.rule, *(r for r in rules if r != verdict.rule)]  # the cited rule first
    decision = Decision.objects.create(
        comment=comment,
        source=DecisionSource.ENGINE,
        action=action,
        rules=rules,
        cited_rule=verdict.rule,
        review_rules=list(verdict.review),
        findings=[f.as_data() for f in verdict.findings],
        scores=dict(verdict.scores),
        failures=[{"detector": f.detector, "reason": f.reason} for f in verdict.failures],
        timings_ms=dict(verdict.timings_ms),
        policy_version=verdict.policy_version,
        engine_version=verdict.engine_version,
        language=language,
        text_checked=comment.text,
        duration_ms=ms,
        screening_revision=revision,
    )
    before = comment.status
    if action == DecisionAction.REJECT:
        if before != CommentStatus.REJECTED:
            change_status(comment, CommentStatus.REJECTED, by_system=True, rule=rule, note="engine")
    elif action == DecisionAction.QUEUE:
        if before != CommentStatus.PENDING:
            change_status(comment, CommentStatus.PENDING, by_system=True, note="engine: queue")
    elif before == CommentStatus.PENDING and not community_settings.premoderation():
        change_status(comment, CommentStatus.PUBLISHED, by_system=True, note="engine: allow")
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


@dataclass
class ReconcileReport:
    """What one round of the reconciler did."""

    sent_again: int = 0
    handed_to_people: int = 0
    closed: int = 0


def reconcile_screening(*, now: datetime | None = None, limit: int = 500) -> ReconcileReport:
    """Send every check still open past its due time again, or hand the comment to a moderator
    once it was sent ``DECORUM_ENFORCEMENT_MAX_ATTEMPTS`` times. Safe to run anywhere and
    concurrently: each item is settled under the comment's lock, and the job is idempotent."""
    now = now or timezone.now()
    report = ReconcileReport()
    due = list(
        ScreeningWork.objects.open()
        .filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("comment_id", flat=True)[:limit]
    )
    for comment_id in due:
        with transaction.atomic():
            comment, work = _locked(comment_id)
            if comment is None or work is None or work.done_at or work.next_attempt_at > now:
                continue  # settled meanwhile
            reason = _still_wanted(comment, work, work.digest)
            if reason:
                ScreeningWork.objects.filter(pk=work.pk).close(reason)
                report.closed += 1
            elif work.attempts >= app_settings.max_attempts():
                _hand_to_people(comment, work)
                report.handed_to_people += 1
            else:
                work.attempts += 1
                work.next_attempt_at = now + app_settings.retry_delay(work.attempts)
                work.save(update_fields=["attempts", "next_attempt_at"])
                enqueue_on_commit(
                    screen_comment, comment.pk, work.digest, process=SCREENING_PROCESS
                )
                report.sent_again += 1
    if report.sent_again or report.handed_to_people:
        logger.warning(
            "Screening reconciler: %d checks sent again, %d comments handed to moderators",
            report.sent_again,
            report.handed_to_people,
        )
    return report


def _hand_to_people(comment: Comment, work: ScreeningWork) -> Decision:
    """The check kept failing: the comment waits for a moderator, with the reason.
    Precondition: inside ``transaction.atomic`` holding the comment's lock."""
    reason = f"automatic check failed {work.attempts} times"
    if work.last_error:
        reason = f"{reason}; last error: {work.last_error}"
    note = _("The automatic check failed %(count)d times; a moderator will decide.") % {
        "count": work.attempts
    }
    decision = _hold_after_failure(
        comment, reason[:500], None, revision=work.revision, note=note, detector="screening"
    )
    ScreeningWork.objects.filter(pk=work.pk).close(WorkOutcome.HANDED_TO_PEOPLE)
    transaction.on_commit(lambda: wakeups.notify(decided_key(comment.pk)))
    logger.warning("Comment %s handed to moderators: %s", comment.pk, reason)
    return decision


def latest_decision(comment: Comment) -> Decision | None:
    return Decision.objects.filter(comment=comment).order_by("-created_at", "-pk").first()


def wait_for_decision(comment_id: int, seconds: float, since: datetime | None = None) -> bool:
    """Whether ``comment_id`` has a decision (made at ``since`` or later), waiting up to
    ``seconds`` for one: the check wakes the waiter when it decides (``core.wakeups``)."""

    def decided() -> bool:
        decisions = Decision.objects.filter(comment_id=comment_id)
        if since is not None:
            decisions = decisions.filter(created_at__gte=since)
        try:
            return decisions.exists()
        except OperationalError as err:
            # SQLite's shared in-memory database (the tests') answers a read that meets the
            # writer's table lock with an error rather than a wait: the decision is being
            # stored right then, so "not yet", and the next check (RECHECK_SECONDS) sees it.
            if is_lock_error(err):
                return False
            raise

    return wakeups.wait_until(decided_key(comment_id), decided, seconds)


def await_decision(comment: Comment, timeout: float | None = None) -> bool:
    """Give the background check up to ``timeout`` seconds (``DECORUM_ENFORCEMENT_WAIT_SECONDS``
    by default), so the page after posting can show its outcome; returns as soon as the
    check decides, True when it has."""
    if not app_settings.screening():
        return False
    wait = app_settings.wait_seconds() if timeout is None else timeout
    if wait <= 0 and not run_inline():
        return False  # its check runs elsewhere and has barely begun: the page asks again
    return wait_for_decision(comment.pk, wait, since=comment.updated_at)
