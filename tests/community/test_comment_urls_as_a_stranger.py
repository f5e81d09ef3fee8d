"""Every comment URL, tried as a stranger on comments they may not see.

Comment ids are sequential, so any URL that shows a hidden comment's text, redirects to its
article or even answers with a different error lets anyone walk the pending and rejected ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment, CommentStatus
from tests.conftest import login

pytestmark = pytest.mark.django_db

SECRET = "Her address is 12 Elm Street and her phone is 0161 496 0000"


def hidden_comment(article: Page, author: Any, status: str) -> Comment:
    return Comment.objects.create(article=article, author=author, text=SECRET, status=status)


def comment_urls(pk: int) -> list[tuple[str, str]]:
    """(method, path) for every address that takes a comment id, in both editions."""
    urls: list[tuple[str, str]] = []
    for prefix in ("", "/ru"):
        urls += [
            ("get", f"{prefix}/comments/{pk}/"),
            ("get", f"{prefix}/comments/{pk}/report/"),
            ("post", f"{prefix}/comments/{pk}/report/"),
            ("get", f"{prefix}/comments/{pk}/edit/"),
            ("post", f"{prefix}/comments/{pk}/edit/"),
            ("post", f"{prefix}/comments/{pk}/delete/"),
            ("post", f"{prefix}/comments/{pk}/reply/"),
            ("get", f"{prefix}/comments/{pk}/status/"),
            ("get", f"{prefix}/comments/{pk}/status/?wait=2"),  # refused at once, not held
            ("post", f"{prefix}/moderation/{pk}/approve/"),
            ("post", f"{prefix}/moderation/{pk}/reject/"),
        ]
    return urls


def answer(client: Client, method: str, url: str) -> Any:
    data = {"text": "Changed by a stranger", "rule": "spam", "note": "x"}
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.REJECTED])
def test_a_logged_in_stranger_reaches_nothing_of_a_hidden_comment(
    client: Any, reader: Any, outsider: Any, article: Page, status: str
) -> None:
    comment = hidden_comment(article, reader, status)
    missing = Comment.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    login(client, outsider)
    for method, url in comment_urls(comment.pk):
        response = answer(client, method, url)
        body = response.content.decode()
        assert SECRET not in body, url
        assert response.status_code in (403, 404), (url, response.status_code)
        assert "Location" not in response, url
        # the same answer as for an id that does not exist: no oracle for hidden ids
        twin = answer(client, method, url.replace(f"/{comment.pk}/", f"/{missing}/"))
        assert twin.status_code == response.status_code, url
    comment.refresh_from_db()
    assert (comment.text, comment.status) == (SECRET, status)
    assert not comment.reports.exists()
    assert not Comment.objects.filter(parent=comment).exists()


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.REJECTED])
def test_an_anonymous_stranger_reaches_nothing_of_a_hidden_comment(
    client: Any, reader: Any, article: Page, status: str
) -> None:
    comment = hidden_comment(article, reader, status)
    for method, url in comment_urls(comment.pk):
        response = answer(client, method, url)
        assert SECRET not in response.content.decode(), url
        location = response.get("Location", "")
        assert article.url_path.strip("/").split("/")[-1] not in location, url
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in location, url


def test_the_author_and_a_moderator_still_reach_a_pending_comment(
    client: Any, reader: Any, moderator: Any, article: Page
) -> None:
    comment = hidden_comment(article, reader, CommentStatus.PENDING)
    login(client, reader)
    assert client.get(f"/comments/{comment.pk}/").status_code == 302
    assert SECRET in client.get(f"/comments/{comment.pk}/edit/").content.decode()
    assert client.get(f"/comments/{comment.pk}/status/").json()["status"] == "pending"
    staff = login(Client(), moderator)
    assert staff.get(f"/comments/{comment.pk}/").status_code == 302
    assert SECRET in staff.get(f"/comments/{comment.pk}/edit/").content.decode()


def test_a_published_comment_can_be_reported_by_another_reader(
    client: Any, reader: Any, outsider: Any, article: Page
) -> None:
    comment = Comment.objects.create(
        article=article, author=reader, text="A fine published remark", status="published"
    )
    login(client, outsider)
    page = client.get(f"/comments/{comment.pk}/report/")
    assert page.status_code == 200
    assert "A fine published remark" in page.content.decode()
    assert client.get(f"/comments/{comment.pk}/").status_code == 302


def test_comments_of_an_unpublished_article_are_hidden_from_readers(
    client: Any, reader: Any, outsider: Any, article: Page
) -> None:
    comment = Comment.objects.create(
        article=article, author=reader, text="Published under a withdrawn story", status="published"
    )
    article.unpublish()
    login(client, outsider)
    assert client.get(f"/comments/{comment.pk}/").status_code == 404
    assert client.get(f"/comments/{comment.pk}/report/").status_code == 404
