"""The same comment form sent twice at the same moment posts one comment: the second insert
meets the unique key and returns the first. Runs in the PostgreSQL pass
(``pytest --ds=decorum.settings.test_postgres``): simultaneous writers need a database that
takes them, which SQLite's shared in-memory test database does not."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from wagtail.models import Page

from decorum.community.actions import post_comment
from decorum.community.models import Comment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass: pytest --ds=decorum.settings.test_postgres",
    ),
]

TEXT = "The new cycle lane is a good idea, the junction was dangerous."


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_at_the_same_moment_posts_once(reader: Any, article: Page) -> None:
    key = "fedcba9876543210fedcba9876543210"
    start = threading.Barrier(2)
    posted: list[int] = []
    errors: list[Exception] = []

    def send() -> None:
        try:
            start.wait(10)
            comment = post_comment(author=reader, article=article, text=TEXT, submission=key)
            posted.append(comment.pk)
        except Exception as err:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors, errors
    assert len(posted) == 2 and posted[0] == posted[1]
    assert Comment.objects.count() == 1
