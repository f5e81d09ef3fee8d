"""The comment form carries a key of its own: the same form sent again (a retry after the
answer was lost, a double click) finds the comment it already posted instead of posting a copy,
which would otherwise count against the author's rate limit and could be rejected as flooding."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment
from decorum.enforcement.models import StatusChange
from tests.community.conftest import article_html
from tests.conftest import login

TEXT = "The new cycle lane is a good idea, the junction was dangerous."


def _key(html: str) -> str:
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', html)
    assert found is not None, "the comment form carries no submission key"
    return found.group(1)


def _send(client: Client, article: Page, key: str, text: str = TEXT) -> Any:
    return client.post("/comments/post/", {"article": article.pk, "text": text, "submission": key})


@pytest.mark.django_db
def test_the_same_form_sent_twice_posts_one_comment(
    client: Client, reader: Any, article: Page
) -> None:
    login(client, reader)
    html = article_html(client, article)
    key = _key(html)
    assert _key(article_html(client, article)) != key  # every showing of the form is new

    first = _send(client, article, key)
    again = _send(client, article, key)

    comment = Comment.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert first["Location"].endswith(f"#comment-{comment.pk}")
    assert StatusChange.objects.filter(comment=comment).count() == 1

    other = _send(client, article, _key(article_html(client, article)), "A second thought.")
    assert other.status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_key_is_the_author_s_own(
    client: Client, reader: Any, second_reader: Any, article: Page
) -> None:
    key = "0123456789abcdef0123456789abcdef"
    login(client, reader)
    assert _send(client, article, key).status_code == 302
    other = login(Client(), second_reader)
    assert _send(other, article, key).status_code == 302
    assert sorted(Comment.objects.values_list("author_id", flat=True)) == sorted(
        [reader.pk, second_reader.pk]
    )


@pytest.mark.django_db
def test_a_malformed_key_is_refused_with_a_clear_error(
    client: Client, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = _send(client, article, "<script>")
    assert response.status_code == 400
    assert "key is not valid" in response.content.decode()
    assert not Comment.objects.exists()
