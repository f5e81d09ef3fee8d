"""Every comment is checked by the real engine after commit; the author sees the outcome."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client

from decorum.community.actions import edit_comment, post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement import engine_adapter
from decorum.enforcement.actions import approve_comment
from decorum.enforcement.models import Decision, DecisionSource, PolicyVersion, StatusChange
from decorum.news.models import ArticlePage
from tests.community.conftest import make_page, post
from tests.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("screening_on")]

INSULT = "You are a pathetic idiot and everyone here knows you are a moron."
BENIGN = "The new bridge should cut my commute by ten minutes, which is good news for the town."


@pytest.fixture
def page(db: Any) -> ArticlePage:
    return make_page("Harbour bridge reopens after repairs")


def _post(client: Client, page: ArticlePage, text: str, capture: Any) -> Comment:
    with capture(execute=True):
        response = post(client, page, text)
    assert response.status_code == 302
    return Comment.objects.filter(text=text).latest("pk")


def test_an_insult_is_rejected_and_its_author_sees_the_rule_and_the_reasons(
    client: Client,
    reader: Any,
    second_reader: Any,
    page: ArticlePage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    login(client, reader)
    comment = _post(client, page, INSULT, django_capture_on_commit_callbacks)
    assert comment.status == CommentStatus.REJECTED
    decision = Decision.objects.get(comment=comment)
    assert decision.source == DecisionSource.ENGINE and decision.action == "reject"
    assert decision.rules[0] == "insults_threats"
    assert decision.scores["insults_threats"] >= 0.5
    assert decision.policy_version and decision.engine_version
    assert decision.cited_rule == "insults_threats"
    assert decision.language == "en" and decision.text_checked == INSULT
    insult = next(f for f in decision.findings if f["id"] == "insults_threats")
    assert insult["evidence"] and insult["detector"] and insult["reason"]
    change = StatusChange.objects.filter(comment=comment).latest("created_at")
    assert (change.to_status, change.rule, change.by_system) == (
        "rejected",
        "insults_threats",
        True,
    )

    html = client.get(page.url).content.decode()
    assert "Not published: this comment breaks the rule" in html
    assert "Decided automatically" in html
    assert 'data-status="rejected"' in html

    login(client, second_reader)
    other = client.get(page.url).content.decode()
    assert INSULT not in other and "Not published" not in other


def test_a_civil_comment_is_published_after_the_check(
    client: Client, reader: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, reader)
    comment = _post(client, page, BENIGN, django_capture_on_commit_callbacks)
    assert comment.status == CommentStatus.PUBLISHED
    assert Decision.objects.get(comment=comment).action == "allow"
    statuses = list(
        StatusChange.objects.filter(comment=comment).values_list("to_status", flat=True)
    )
    assert statuses == ["pending", "published"]


def test_pre_moderation_keeps_an_allowed_comment_for_a_person(
    settings: Any, reader: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(author=reader, article=page, text=BENIGN)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert Decision.objects.get(comment=comment).action == "allow"


def test_the_editions_language_reaches_the_engine(reader: Any, page: ArticlePage) -> None:
    facts = engine_adapter.CommentFacts(
        comment_id="1",
        text="This is clearly an English sentence about the bridge and the repairs to it.",
        author=reader.public_id,
        article_id=str(page.pk),
        article_title="Мост открыт после ремонта",
        article_text="Мост снова открыт для движения.",
        language="ru",
        created_at=page.published_at,
    )
    verdict = engine_adapter.preview(facts)
    assert "wrong_language" in [f.rule for f in verdict.findings]
    facts_en = dataclasses.replace(facts, language="en")
    assert "wrong_language" not in [f.rule for f in engine_adapter.preview(facts_en).findings]


def test_comments_in_the_russian_edition_are_checked_as_russian(
    client: Client, reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import make_article, make_edition

    russian = make_edition("ru", {"Politics": "Политика"})
    article = make_article(
        "Мост через гавань открыт после ремонта",
        section=russian.sections["Politics"],
        lead="Движение по мосту восстановлено раньше срока.",
    )
    login(client, reader)
    russian_text = "Хорошая новость, теперь до работы можно добраться быстрее через мост."
    english_text = "This is clearly an English sentence about the bridge and the repairs to it."
    with django_capture_on_commit_callbacks(execute=True):
        for text in (russian_text, english_text):
            response = client.post("/ru/comments/post/", {"article": article.pk, "text": text})
            assert response.status_code == 302
    in_russian = Decision.objects.get(comment__text=russian_text)
    assert in_russian.language == "ru" and in_russian.action == "allow"
    in_english = Decision.objects.get(comment__text=english_text)
    assert in_english.language == "ru"
    assert "wrong_language" in in_english.rules


def test_when_the_engine_fails_the_comment_waits_for_a_moderator_with_the_reason(
    client: Client,
    reader: Any,
    moderator: Any,
    page: ArticlePage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # a stored policy the engine cannot read (written around the editor's validation)
    PolicyVersion.objects.create(number=1, version="broken", text="rules: [\n  - id: x\n")
    engine_adapter.clear_caches()
    login(client, reader)
    comment = _post(client, page, BENIGN, django_capture_on_commit_callbacks)
    assert comment.status == CommentStatus.PENDING
    decision = Decision.objects.get(comment=comment)
    assert (decision.source, decision.action) == (DecisionSource.SYSTEM, "queue")
    assert "PolicyError" in decision.failures[0]["reason"]
    assert "automatic check failed" in decision.statement
    login(client, moderator)
    queue = client.get("/moderation/").content.decode()
    assert f'data-comment-id="{comment.pk}"' in queue


def test_an_authors_edit_is_checked_again_and_a_moderator_can_override(
    reader: Any, moderator: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(author=reader, article=page, text=BENIGN)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        edit_comment(comment=comment, editor=reader, text=INSULT)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert Decision.objects.filter(comment=comment).count() == 2
    approve_comment(comment=comment, moderator=moderator, note="quoting a film")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    latest = Decision.objects.filter(comment=comment).latest()
    assert (latest.source, latest.moderator, latest.note) == (
        DecisionSource.MODERATOR,
        moderator,
        "quoting a film",
    )
