"""The screening process stores the checks that arrived together in one transaction
(``screen_comments``): each comment is decided as it would be alone, once, and a comment a
person decided meanwhile is left to them."""

from __future__ import annotations

from typing import Any

import pytest

from decorum.community.actions import post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement import engine_adapter
from decorum.enforcement.actions import reject_comment
from decorum.enforcement.models import Decision, DecisionSource, ScreeningWork, WorkOutcome
from decorum.enforcement.screening import comment_facts, screen_comments
from tests.community.conftest import make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("screening_on")]

INSULT = "You are a pathetic idiot and everyone here knows you are a moron."
BENIGN = "The new bridge should cut my commute by ten minutes, which is good news for the town."
OTHER = "I hope the council publishes the full cost of the repairs before the next vote."


def _waiting(authors: list[Any], texts: list[str], capture: Any) -> list[Comment]:
    """Comments posted with their checks recorded but not yet run (as the screening process
    finds them when a burst arrives)."""
    page = make_page("Harbour bridge reopens after repairs")
    with capture(execute=False):
        return [
            post_comment(author=author, article=page, text=text, enforce_rate_limit=False)
            for author, text in zip(authors, texts, strict=True)
        ]


def _work(comment: Comment) -> tuple[int, str]:
    return comment.pk, ScreeningWork.objects.get(comment=comment).digest


def test_checks_stored_together_decide_each_comment_once_and_leave_people_s_decisions(
    reader: Any,
    second_reader: Any,
    outsider: Any,
    moderator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    benign, insult, taken = _waiting(
        [reader, second_reader, outsider],
        [BENIGN, INSULT, OTHER],
        django_capture_on_commit_callbacks,
    )
    assert {c.status for c in (benign, insult, taken)} == {CommentStatus.PENDING}
    items = [_work(benign), _work(insult), _work(taken)]
    reject_comment(comment=taken, moderator=moderator, rule="off_topic")  # a person, first

    assert screen_comments(items) == 2

    for comment in (benign, insult, taken):
        comment.refresh_from_db()
    assert benign.status == CommentStatus.PUBLISHED
    assert insult.status == CommentStatus.REJECTED
    assert Decision.objects.get(comment=insult, source=DecisionSource.ENGINE).cited_rule == (
        "insults_threats"
    )
    assert taken.status == CommentStatus.REJECTED  # the moderator's rejection stands
    assert not Decision.objects.filter(comment=taken, source=DecisionSource.ENGINE).exists()
    outcomes = dict(ScreeningWork.objects.values_list("comment_id", "outcome"))
    assert outcomes == {
        benign.pk: WorkOutcome.DECIDED,
        insult.pk: WorkOutcome.DECIDED,
        taken.pk: WorkOutcome.DECIDED_BY_PERSON,
    }

    # delivered again (a screening process killed after its commit): nothing changes
    assert screen_comments(items) == 0
    assert Decision.objects.filter(source=DecisionSource.ENGINE).count() == 2


def test_the_engine_answers_a_batch_as_it_answers_each_comment_alone(
    reader: Any, second_reader: Any, outsider: Any, django_capture_on_commit_callbacks: Any
) -> None:
    comments = _waiting(
        [reader, second_reader, outsider],
        [BENIGN, INSULT, OTHER],
        django_capture_on_commit_callbacks,
    )
    facts = [comment_facts(comment) for comment in comments]
    alone = [engine_adapter.preview(item) for item in facts]  # records nothing

    together = engine_adapter.check_each(facts)  # embeddings for all three in one call

    assert all(isinstance(answer, engine_adapter.ScreeningResult) for answer in together)
    assert [(a.action, a.rule) for a in together] == [(a.action, a.rule) for a in alone]
    assert [a.action for a in together] == ["allow", "reject", "allow"]
    for batch, single in zip(together, alone, strict=True):
        assert isinstance(batch, engine_adapter.ScreeningResult)
        assert batch.scores.keys() == single.scores.keys()
        assert all(abs(batch.scores[k] - single.scores[k]) < 1e-3 for k in single.scores)
