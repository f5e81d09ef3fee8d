"""Four weeks of moderation history for the demo site, so that ``/moderation/stats/`` and the
transparency report have something to draw (text written for Decorum).

The site's actions stamp the current time and run the sanction ladder, so this writes the same
rows they write (comments, status changes, decisions, reports, an appeal, a block) directly,
with past timestamps spread over the last 28 days. Every comment here belongs to one of the
``history_authors`` of ``content/people.yaml``, accounts nobody can log in as: the demo's login
accounts keep a clean record (their first rejected comment must not reach the sanction ladder).
The texts are in ``content/history.yaml``. The sequence is seeded, so every demo site gets the
same history relative to the day it was loaded.

Preconditions: the demo moderator exists; ``articles`` are live article pages.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from decorum.community.models import Comment, CommentReport, CommentStatus
from decorum.demo.loader import read_history_texts, read_people
from decorum.enforcement.models import (
    Appeal,
    AppealStatus,
    AppealSubject,
    Block,
    BlockScope,
    Decision,
    DecisionAction,
    DecisionSource,
    StatusChange,
)
from decorum.enforcement.screening import AWAITING_CHECK

DAYS = 28
SEED = 14

ENGINE_RULES = ("insults_threats", "insults_threats", "profanity", "spam", "commercial", "hate")
QUEUE_RULES = ("trolling", "insults_threats", "commercial", "profanity")
REPORT_RULES = ("trolling", "spam", "insults_threats", "off_topic")


@dataclass
class History:
    """What was written, for the loader's summary and the tests."""

    comments: int = 0
    decisions: int = 0
    reports: int = 0
    appeals: int = 0
    blocks: int = 0


def _authors() -> list[Any]:
    """The history's authors, created without a password (so nobody logs in as them)."""
    user_model = get_user_model()
    authors = []
    for person in read_people().history_authors:
        user = user_model.objects.filter(username=person.username).first()
        if user is None:
            from allauth.account.models import EmailAddress

            from decorum.accounts.actions import record_standards_acceptance

            user = user_model.objects.create_user(
                username=person.username,
                email=person.email,
                password=None,
                display_name=person.name,
            )
            EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
            record_standards_acceptance(user=user)
        authors.append(user)
    return authors


class _Writer:
    """Collects the rows of one history and writes them in a few bulk inserts."""

    def __init__(self, *, moderator: Any, now: datetime) -> None:
        self.moderator = moderator
        self.now = now
        self.changes: list[StatusChange] = []
        self.decisions: list[Decision] = []

    def at(self, moment: datetime) -> datetime:
        """Never in the future: a decision "hours later" on a recent comment happens now."""
        return min(moment, self.now - timedelta(minutes=2))

    def comment(
        self, *, author: Any, article: Any, text: str, created_at: datetime, status: str
    ) -> Comment:
        comment = Comment.objects.create(
            article_id=article.pk,
            author=author,
            depth=0,
            text=text,
            status=status,
            created_at=created_at,
            updated_at=created_at,
        )
        self.changes.append(
            StatusChange(
                comment=comment,
                from_status="",
                to_status=CommentStatus.PENDING,
                by_system=True,
                note=AWAITING_CHECK,
                created_at=created_at,
                comment_created_at=created_at,
            )
        )
        return comment

    def engine(
        self, comment: Comment, action: str, *, rule: str, language: str, at: datetime
    ) -> None:
        self.decisions.append(
            Decision(
                comment=comment,
                source=DecisionSource.ENGINE,
                action=action,
                rules=[rule] if rule else [],
                cited_rule=rule if action == DecisionAction.REJECT else "",
                review_rules=[rule] if action == DecisionAction.QUEUE else [],
                language=language,
                text_checked=comment.text,
                policy_version="demo-history",
                engine_version="demo-history",
                duration_ms=18.0,
                created_at=at,
            )
        )
        if action != DecisionAction.QUEUE:
            to = (
                CommentStatus.PUBLISHED
                if action == DecisionAction.ALLOW
                else CommentStatus.REJECTED
            )
            self.move(comment, to, at=at, by_system=True, rule=rule, note="engine")

    def person(self, comment: Comment, action: str, *, rule: str, at: datetime, note: str) -> None:
        self.decisions.append(
            Decision(
                comment=comment,
                source=DecisionSource.MODERATOR,
                action=action,
                rules=[rule] if rule else [],
                cited_rule=rule,
                moderator=self.moderator,
                note=note,
                text_checked=comment.text,
                created_at=at,
            )
        )
        to = CommentStatus.PUBLISHED if action == DecisionAction.ALLOW else CommentStatus.REJECTED
        self.move(comment, to, at=at, actor=self.moderator, rule=rule, note=note)

    def move(self, comment: Comment, to: str, *, at: datetime, **fields: Any) -> None:
        self.changes.append(
            StatusChange(
                comment=comment,
                from_status=comment.status,
                to_status=to,
                created_at=at,
                comment_created_at=comment.created_at,
                **fields,
            )
        )
        comment.status = to
        comment.updated_at = at

    def flush(self, comments: Sequence[Comment]) -> None:
        Decision.objects.bulk_create(self.decisions)
        StatusChange.objects.bulk_create(self.changes)
        for comment in comments:
            Comment.objects.filter(pk=comment.pk).update(
                status=comment.status, updated_at=comment.updated_at, root_id=F("pk")
            )


@transaction.atomic
def add_moderation_history(
    *, articles: Sequence[tuple[Any, str]], moderator: Any, now: datetime | None = None
) -> History:
    """Write four weeks of comments and their moderation under ``articles`` ((page,
    language) pairs): mostly published, some rejected by the engine (a few overturned by the
    moderator, one on appeal), some queued and decided hours later (the last two days' still
    waiting), readers' reports, a denied appeal and one site block by the sanction ladder."""
    rng = random.Random(SEED)
    now = now or timezone.now()
    authors = _authors()
    texts = read_history_texts()
    fine, broken = texts.fine, texts.broken
    troll = next(a for a in authors if a.username == read_people().history_troll)
    others = [a for a in authors if a.pk != troll.pk]
    writer = _Writer(moderator=moderator, now=now)
    history = History()
    comments: list[Comment] = []
    reports: list[CommentReport] = []
    rejected_by_engine: list[Comment] = []

    for day in range(DAYS, 0, -1):
        for _n in range(rng.randint(3, 8)):
            article, language = rng.choice(articles)
            posted = now - timedelta(days=day, hours=rng.uniform(0, 20))
            author = rng.choice(others)
            roll = rng.random()
            checked = posted + timedelta(seconds=rng.uniform(0.5, 3))
            if roll < 0.62:
                comment = writer.comment(
                    author=author,
                    article=article,
                    text=rng.choice(fine[language]),
                    created_at=posted,
                    status=CommentStatus.PENDING,
                )
                writer.engine(comment, DecisionAction.ALLOW, rule="", language=language, at=checked)
                if rng.random() < 0.12:
                    rule = rng.choice(REPORT_RULES)
                    reported = writer.at(posted + timedelta(hours=rng.uniform(1, 30)))
                    reporter = rng.choice([a for a in authors if a.pk != author.pk])
                    reports.append(
                        CommentReport(
                            comment=comment, reporter=reporter, rule=rule, created_at=reported
                        )
                    )
                    if rng.random() < 0.5:
                        writer.person(
                            comment,
                            DecisionAction.REJECT,
                            rule=rule,
                            at=writer.at(reported + timedelta(hours=rng.uniform(1, 12))),
                            note="Rejected after a reader's report.",
                        )
            elif roll < 0.82:
                rule = rng.choice(ENGINE_RULES)
                comment = writer.comment(
                    author=author,
                    article=article,
                    text=broken[language][rule],
                    created_at=posted,
                    status=CommentStatus.PENDING,
                )
                writer.engine(
                    comment, DecisionAction.REJECT, rule=rule, language=language, at=checked
                )
                if rng.random() < 0.15:
                    writer.person(
                        comment,
                        DecisionAction.ALLOW,
                        rule="",
                        at=writer.at(posted + timedelta(hours=rng.uniform(2, 30))),
                        note="Sharp but within the rules.",
                    )
                else:
                    rejected_by_engine.append(comment)
            else:
                rule = rng.choice(QUEUE_RULES)
                comment = writer.comment(
                    author=author,
                    article=article,
                    text=rng.choice((*fine[language], broken[language][rule])),
                    created_at=posted,
                    status=CommentStatus.PENDING,
                )
                writer.engine(
                    comment, DecisionAction.QUEUE, rule=rule, language=language, at=checked
                )
                if day > 2:
                    allow = rng.random() < 0.6
                    writer.person(
                        comment,
                        DecisionAction.ALLOW if allow else DecisionAction.REJECT,
                        rule="" if allow else rule,
                        at=writer.at(posted + timedelta(hours=rng.uniform(0.5, 40))),
                        note="Reviewed from the queue.",
                    )
            comments.append(comment)

    # The troll: three rejections in two days, about ten days ago, and the ladder's block.
    article, language = articles[0]
    third = now
    for n in range(3):
        posted = now - timedelta(days=11 - n, hours=3)
        comment = writer.comment(
            author=troll,
            article=article,
            text=broken[language]["insults_threats"],
            created_at=posted,
            status=CommentStatus.PENDING,
        )
        third = posted + timedelta(seconds=2)
        writer.engine(
            comment,
            DecisionAction.REJECT,
            rule="insults_threats",
            language=language,
            at=third,
        )
        comments.append(comment)
    Block.objects.create(
        user=troll,
        scope=BlockScope.SITE,
        rule="insults_threats",
        reason="3 comments rejected within 7 days under the community standards.",
        created_at=third + timedelta(seconds=1),
    )
    history.blocks = 1

    # Two appeals against the engine: one granted (the comment is published), one denied.
    appeals = []
    for comment, grant in zip(rejected_by_engine[1:3], (True, False), strict=True):
        filed = comment.updated_at + timedelta(hours=rng.uniform(2, 12))
        decided = writer.at(filed + timedelta(hours=rng.uniform(6, 30)))
        if grant:
            writer.person(
                comment,
                DecisionAction.ALLOW,
                rule="",
                at=decided,
                note="Appeal granted: the comment quotes the article.",
            )
        appeals.append(
            Appeal(
                user=comment.author,
                subject=AppealSubject.COMMENT,
                public_id=comment.author.public_id,
                explanation="I was quoting the article, not insulting anyone. Please look again.",
                comment=comment,
                status=AppealStatus.GRANTED if grant else AppealStatus.DENIED,
                decided_by=moderator,
                decision_reason="The comment quotes the article."
                if grant
                else "The comment insults another reader; the decision stands.",
                created_at=filed,
                decided_at=decided,
            )
        )
    Appeal.objects.bulk_create(appeals)
    CommentReport.objects.bulk_create(reports)
    writer.flush(comments)
    history.comments = len(comments)
    history.decisions = len(writer.decisions)
    history.reports = len(reports)
    history.appeals = len(appeals)
    return history
