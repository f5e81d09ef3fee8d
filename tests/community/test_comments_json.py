"""``/comments/article/<id>.json`` lists what a reader may see, and nothing more."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.community.actions import post_comment
from decorum.community.models import CommentStatus
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.news.models import ArticlePage
from tests.conftest import login

pytestmark = pytest.mark.django_db


def texts(client: Client, article: ArticlePage, **query: Any) -> list[str]:
    response = client.get(f"/comments/article/{article.pk}.json", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [c["text"] for c in response.json()["comments"]]


@pytest.fixture
def mixed_thread(
    article: ArticlePage,
    reader: Any,
    second_reader: Any,
    moderator: Any,
    rule_id: str,
    settings: Any,
) -> dict[str, Any]:
    """One published comment by the second reader, and one pending and one rejected comment
    by the reader."""
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    published = post_comment(author=second_reader, article=article, text="Published remark.")
    approve_comment(comment=published, moderator=moderator)
    pending = post_comment(author=reader, article=article, text="Pending remark.")
    rejected = post_comment(author=reader, article=article, text="Rejected remark.")
    reject_comment(comment=rejected, moderator=moderator, rule=rule_id)
    return {"published": published, "pending": pending, "rejected": rejected}


def test_a_stranger_sees_only_published_comments(
    article: ArticlePage, mixed_thread: dict[str, Any], outsider: Any
) -> None:
    assert texts(Client(), article) == ["Published remark."]
    assert texts(login(Client(), outsider), article) == ["Published remark."]


def test_the_author_also_sees_their_own_pending_and_rejected_comments(
    article: ArticlePage, mixed_thread: dict[str, Any], reader: Any
) -> None:
    response = login(Client(), reader).get(f"/comments/article/{article.pk}.json")
    comments = {c["text"]: c for c in response.json()["comments"]}
    assert set(comments) == {"Published remark.", "Pending remark.", "Rejected remark."}
    assert comments["Pending remark."]["status"] == CommentStatus.PENDING
    assert comments["Pending remark."]["own"] is True
    assert comments["Published remark."]["own"] is False


def test_a_moderator_reading_the_article_sees_what_readers_see(
    article: ArticlePage, mixed_thread: dict[str, Any], moderator: Any
) -> None:
    assert texts(login(Client(), moderator), article) == ["Published remark."]


def test_comments_of_a_hidden_account_and_removed_comments_are_left_out(
    article: ArticlePage, reader: Any, second_reader: Any
) -> None:
    post_comment(author=reader, article=article, text="Stays.")
    post_comment(author=second_reader, article=article, text="Hidden with the account.")
    second_reader.comments_hidden = True
    second_reader.save(update_fields=["comments_hidden"])
    assert texts(Client(), article) == ["Stays."]


def test_the_list_is_paginated(article: ArticlePage, reader: Any, settings: Any) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 10_000
    settings.DECORUM_COMMUNITY_RATE_PER_IP = 10_000
    for number in range(55):
        post_comment(author=reader, article=article, text=f"Remark {number}.")
    first = Client().get(f"/comments/article/{article.pk}.json").json()
    assert (first["page"], first["pages"], first["count"]) == (1, 2, 55)
    assert len(first["comments"]) == 50
    second = texts(Client(), article, page=2)
    assert second == [f"Remark {number}." for number in range(50, 55)]


def test_an_unpublished_or_missing_article_is_not_found(article: ArticlePage, reader: Any) -> None:
    post_comment(author=reader, article=article, text="Under a withdrawn story.")
    ArticlePage.objects.get(pk=article.pk).unpublish()
    response = Client().get(f"/comments/article/{article.pk}.json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Client().get("/comments/article/999999.json").status_code == 404
