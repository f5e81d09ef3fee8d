"""Twenty simultaneous comment posts from one reader against a limit of five store exactly
five, on the test settings' cache and on Redis. Runs in the PostgreSQL pass
(``pytest --ds=decorum.settings.test_postgres``): concurrent requests need a database that
takes concurrent writers, which SQLite's shared in-memory test database does not."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from decorum.community.models import Comment
from tests.community.conftest import make_page
from tests.conftest import login
from tests.core.test_rate_limits import LIMIT, SIMULTANEOUS, redis_cache

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass: pytest --ds=decorum.settings.test_postgres",
    ),
]


def _post_at_once(reader: Any, article_pk: int) -> list[int]:
    """``SIMULTANEOUS`` posts by one reader from one address, released together."""
    clients = [login(Client(), reader) for _ in range(SIMULTANEOUS)]
    start = threading.Barrier(SIMULTANEOUS)
    codes: list[int] = []
    lock = threading.Lock()

    def one(client: Client, number: int) -> None:
        start.wait()
        try:
            response = client.post(
                "/comments/post/", {"article": article_pk, "text": f"Same moment {number}"}
            )
        finally:
            connection.close()  # each thread's own connection, or the flush waits on it
        with lock:
            codes.append(response.status_code)

    threads = [threading.Thread(target=one, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def _check(reader: Any, settings: Any) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = LIMIT
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    article = make_page()
    codes = _post_at_once(reader, article.pk)
    assert sorted(codes) == [302] * LIMIT + [429] * (SIMULTANEOUS - LIMIT)
    assert Comment.objects.filter(author=reader).count() == LIMIT


def test_simultaneous_posts_store_exactly_the_limit(reader: Any, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()  # the in-process cache of the test settings
    _check(reader, settings)


@pytest.mark.redis
def test_simultaneous_posts_store_exactly_the_limit_on_redis(reader: Any, settings: Any) -> None:
    with redis_cache():
        _check(reader, settings)
