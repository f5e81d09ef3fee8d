"""Rate limits that hold: counted atomically before the work, over a sliding window, on the
cache the settings name (the test settings' in-process cache) and on the real Redis server.

Simultaneous comment posts through HTTP are in tests/community/test_rate_limits_postgres.py:
SQLite's shared in-memory test database refuses concurrent writers ("table is locked")."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings

from decorum.core import ratelimit

REDIS_URL = "redis://127.0.0.1:6379/0"
SIMULTANEOUS = 20
LIMIT = 5


@contextmanager
def redis_cache() -> Iterator[None]:
    """Django's Redis cache under a prefix of its own, removed afterwards (the server is
    shared with other tests, so never FLUSHDB); skips plainly when Redis is not running."""
    import redis

    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError as err:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({err}); run `make services`.")
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        with override_settings(CACHES=caches):
            yield
    finally:
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)


@pytest.fixture
def clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _check_counts_at_once() -> None:
    who = uuid.uuid4().hex
    start = threading.Barrier(SIMULTANEOUS)
    allowed: list[bool] = []

    def one() -> None:
        start.wait()
        allowed.append(not ratelimit.over_limit("test", who, limit=LIMIT, window=60))

    threads = [threading.Thread(target=one) for _ in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert allowed.count(True) == LIMIT


def test_simultaneous_hits_get_exactly_the_limit(clean_cache: None) -> None:
    _check_counts_at_once()


@pytest.mark.redis
def test_simultaneous_hits_get_exactly_the_limit_on_redis() -> None:
    with redis_cache():
        _check_counts_at_once()


def _check_window_slides() -> None:
    """A burst at the end of one minute and another at the start of the next do not add up
    to twice the limit; a full window later the whole limit is back."""
    who = uuid.uuid4().hex

    def allowed(count: int) -> int:
        return sum(not ratelimit.over_limit("test", who, limit=LIMIT) for _ in range(count))

    with time_machine.travel(datetime(2026, 3, 2, 10, 0, 50, tzinfo=UTC), tick=False) as clock:
        assert allowed(LIMIT) == LIMIT
        clock.move_to(datetime(2026, 3, 2, 10, 1, 5, tzinfo=UTC))  # a fixed window resets here
        assert allowed(LIMIT) == 0  # 5 * 55/60 of the last minute is still inside
        clock.move_to(datetime(2026, 3, 2, 10, 1, 40, tzinfo=UTC))
        assert allowed(LIMIT) == 3  # 5 * 20/60 still inside: 1.67 + 3 <= 5 < 1.67 + 4
        clock.move_to(datetime(2026, 3, 2, 10, 3, 0, tzinfo=UTC))
        assert allowed(LIMIT + 1) == LIMIT


def test_the_window_slides(clean_cache: None) -> None:
    _check_window_slides()


@pytest.mark.redis
def test_the_window_slides_on_redis() -> None:
    with redis_cache():
        _check_window_slides()


def test_a_refused_hit_is_not_counted(clean_cache: None) -> None:
    """Someone who keeps trying is shut out for the window, not for as long as they try."""
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC), tick=False) as clock:
        assert not any(ratelimit.over_limit("test", "eager", limit=2) for _ in range(2))
        assert all(ratelimit.over_limit("test", "eager", limit=2) for _ in range(50))
        clock.move_to(datetime(2026, 3, 2, 10, 2, 0, tzinfo=UTC))
        assert not ratelimit.over_limit("test", "eager", limit=2)
