"""A thread renders in a bounded number of queries and paginates by top-level comments."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from decorum.community.actions import post_comment
from decorum.community.models import Comment
from tests.conftest import login

pytestmark = pytest.mark.django_db


def build_thread(article: Page, authors: list[Any], count: int) -> None:
    """``count`` comments: every fourth starts a thread, the rest reply up to four deep."""
    last: Comment | None = None
    for number in range(count):
        parent = None if number % 4 == 0 or last is None or last.depth >= 3 else last
        last = post_comment(
            author=authors[number % len(authors)],
            article=article,
            text=f"Comment number {number} https://example.org/{number}",
            parent=parent,
        )


@pytest.fixture
def no_rate_limit(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 10_000
    settings.DECORUM_COMMUNITY_RATE_PER_IP = 10_000


@pytest.mark.parametrize("count", [5, 50])
def test_the_thread_renders_in_bounded_queries(
    count: int,
    reader: Any,
    second_reader: Any,
    outsider: Any,
    article: Page,
    no_rate_limit: None,
    django_assert_max_num_queries: Any,
) -> None:
    build_thread(article, [reader, second_reader, outsider], count)
    client = login(Client(), reader)
    client.get(article.url)  # warm per-process caches (content types, standards)
    # The whole article page (news parts, related coverage, short link, comments) stays within
    # a fixed budget; the next test shows it does not grow with the number of comments.
    # (26 before editions; +1 the edition's locale, +1 the article's other versions.)
    with django_assert_max_num_queries(28):
        response = client.get(article.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="comment comment--published') == min(count, 50)


def test_fifty_comments_take_no_more_queries_than_five(
    reader: Any, second_reader: Any, moderator: Any, article: Page, no_rate_limit: None
) -> None:
    def queries(viewer: Any) -> int:
        client = login(Client(), viewer)
        client.get(article.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(article.url)
        return len(captured.captured_queries)

    build_thread(article, [reader, second_reader], 5)
    small = {user.pk: queries(user) for user in (reader, moderator)}
    build_thread(article, [reader, second_reader], 45)
    large = {user.pk: queries(user) for user in (reader, moderator)}
    assert large == small


def test_the_thread_paginates_by_top_level_comments(
    reader: Any, article: Page, no_rate_limit: None, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_THREADS_PER_PAGE = 3
    for number in range(7):
        post_comment(author=reader, article=article, text=f"Top {number}")
    client = Client()
    first = client.get(article.url).content.decode()
    assert "Top 6" in first and "Top 4" in first and "Top 3" not in first
    assert "?cpage=2#comments" in first
    third = client.get(article.url + "?cpage=3").content.decode()
    assert "Top 0" in third and "Top 1" not in third
    assert client.get(article.url + "?cpage=zzz").status_code == 200
    oldest = Comment.objects.get(text="Top 0")
    reply = post_comment(author=reader, article=article, text="Late reply", parent=oldest)
    response = client.get(f"/comments/{reply.pk}/")
    assert response["Location"] == f"{article.url}?cpage=3#comment-{reply.pk}"
    newest = Comment.objects.get(text="Top 6")
    assert client.get(f"/comments/{newest.pk}/")["Location"] == f"{article.url}#comment-{newest.pk}"
