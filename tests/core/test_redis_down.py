"""Redis is not a single point of failure for reading (issue 12).

The production cache (``decorum.core.cache.ResilientRedisCache``) pointed at a closed port
stands for a Redis that is down: the home page, an article, search and posting a comment
still answer, quickly, and a warning is logged; rate limits open and view counts are skipped.
The same journey against the real Redis (``@pytest.mark.redis``) caches pages and counts
views with no warning.
"""

from __future__ import annotations

import itertools
import logging
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client, override_settings

from decorum.community.models import Comment
from decorum.core import ratelimit
from decorum.news.selectors import pending_views
from tests.conftest import login
from tests.factories import make_article

pytestmark = pytest.mark.django_db

REAL_REDIS = "redis://127.0.0.1:6379/0"
QUICK_S = 2.0
# Each test gets a database number of its own on the closed port: the process remembers an
# unreachable address for a few seconds and warns about it once a minute, per address.
_closed_db = itertools.count(1)


def _resilient(location: str, prefix: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "decorum.core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }


@contextmanager
def redis_down() -> Iterator[str]:
    location = f"redis://127.0.0.1:1/{next(_closed_db)}"
    with override_settings(CACHES=_resilient(location, "down"), DECORUM_REDIS_URL=location):
        yield location


@contextmanager
def real_redis() -> Iterator[None]:
    """The shared server under a prefix of its own, removed afterwards (never FLUSHDB)."""
    import redis

    server = redis.Redis.from_url(REAL_REDIS, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError as err:
        pytest.skip(f"Redis is not reachable at {REAL_REDIS} ({err}); run `make services`.")
    prefix = f"test-redis-down-{uuid.uuid4().hex}"
    try:
        with override_settings(CACHES=_resilient(REAL_REDIS, prefix)):
            yield
    finally:
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)


def _timed(request: Any) -> Any:
    started = time.monotonic()
    response = request()
    elapsed = time.monotonic() - started
    assert elapsed < QUICK_S, f"took {elapsed:.2f} s"
    return response


def _read_and_post(reader: Any) -> tuple[Any, list[Any]]:
    """Home page, an article (twice), search and a comment; returns the article and the
    article responses.

    Settings are changed before the cache override, never inside it: pytest-django's
    ``settings`` fixture restores the settings it saw when first used, and inside the
    override those would bring the overridden cache back for every later test.
    """
    article = make_article("Harbour ferry timetable changes")
    anonymous = Client()
    assert _timed(lambda: anonymous.get("/")).status_code == 200
    pages = [_timed(lambda: anonymous.get(article.url)) for _ in range(2)]
    assert [page.status_code for page in pages] == [200, 200]
    assert "Harbour ferry timetable changes" in pages[0].content.decode()
    found = _timed(lambda: anonymous.get("/search/", {"q": "ferry"}))
    assert found.status_code == 200 and article.url in found.content.decode()
    author = login(Client(), reader)
    data = {"article": article.pk, "text": "Good to know the new times."}
    assert _timed(lambda: author.post("/comments/post/", data)).status_code == 302
    assert Comment.objects.filter(author=reader, article=article).exists()
    return article, pages


def _cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "decorum.core.cache" and r.levelno == logging.WARNING
    ]


def test_pages_search_and_posting_work_while_redis_is_down(
    reader: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    with redis_down() as location:
        article, pages = _read_and_post(reader)
        assert pending_views(article_id=article.pk) == 0  # skipped, not counted
    assert pages[1].get("X-Decorum-Cache") != "hit"  # nothing was stored
    warnings = _cache_warnings(caplog)
    assert len(warnings) == 1, warnings  # once, not once per call
    assert location in warnings[0] and "unreachable" in warnings[0]


def test_rate_limits_open_while_redis_is_down() -> None:
    """Fail open (core.ratelimit): every hit is allowed while the cache cannot count."""
    with redis_down():
        assert not any(ratelimit.over_limit("test", "eager", limit=2) for _ in range(10))


@pytest.mark.redis
def test_pages_search_and_posting_work_with_redis(
    reader: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    with real_redis():
        article, pages = _read_and_post(reader)
        assert pending_views(article_id=article.pk) == 2
        assert pages[1]["X-Decorum-Cache"] == "hit"
        assert ratelimit.over_limit("test", "eager", limit=0)  # the limit holds again
    assert _cache_warnings(caplog) == []


def test_the_cache_is_the_test_one_again_afterwards() -> None:
    """Guards the note in ``_read_and_post``: the overrides above must not outlive their test."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    assert isinstance(caches["default"], LocMemCache)  # the embedded one, not Redis


def _production_session_engine(tmp_path: Any) -> str:
    from tests.core.test_production_settings import _production_env

    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.SESSION_ENGINE)"
    env = _production_env(tmp_path)
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.strip()


@pytest.mark.redis
def test_a_logout_while_redis_is_down_is_still_a_logout_once_it_is_back(
    reader: Any, tmp_path: Any
) -> None:
    """Production's sessions: a session ended while Redis skipped writes must not come back
    from Redis (where a session read through the cache was kept) when Redis returns."""
    with override_settings(SESSION_ENGINE=_production_session_engine(tmp_path)), real_redis():
        client = login(Client(), reader)
        assert client.get("/profile/").status_code == 200
        cookie = client.cookies["sessionid"].value
        with redis_down():
            assert client.post("/accounts/logout/").status_code == 302
        stolen = Client()
        stolen.cookies["sessionid"] = cookie
        response = stolen.get("/profile/")
        assert response.status_code == 302 and "/login/" in response["Location"]
