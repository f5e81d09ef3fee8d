"""A Redis cache that degrades instead of failing: Redis is not a single point of failure.

Everything Decorum keeps in the cache can be lost or skipped for a while: cached pages are
rendered again, view counts wait, rate limits open (``core.ratelimit``), the policy number is
read from the database. So when Redis cannot be reached, :class:`ResilientRedisCache` answers
as an empty cache that stores nothing: reads miss (``get`` gives the default, ``get_many`` an
empty dict), writes do nothing (``add`` and ``touch`` say False), and ``incr``/``decr`` raise
:class:`CacheUnavailable`, a ``ValueError`` like a missing key, so code written for a missing
key carries on and code that must know (view counts, rate limits) can tell the two apart.

A dead Redis must not cost every request a wait. Connecting and reading give up after 0.25 s
(``socket_connect_timeout``, ``socket_timeout``; ``OPTIONS`` overrides them), and after one
failure the cache does not try Redis again for ``DOWN_SECONDS`` (a circuit breaker shared by
the process's threads), so a request pays at most one timeout per interval. A warning is logged
when Redis is first found down and at most once a minute while it stays down, and an info
line when it answers again.

Only ``redis.ConnectionError`` and ``redis.TimeoutError`` are caught: anything else (a wrong
key type, a full Redis answering OOM) is a bug or a configuration error and is raised.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT_S = 0.25
READ_TIMEOUT_S = 0.25
DOWN_SECONDS = 5.0  # no attempt on Redis for this long after a failure
WARN_EVERY_SECONDS = 60.0
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class CacheUnavailable(ValueError):
    """``incr``/``decr`` could not reach the cache. A ``ValueError``, as for a missing key, so
    callers that handle a missing key already degrade; catch this to tell the two apart."""


class RateLimitedWarning:
    """Log one warning per ``every`` seconds at most (per instance); the rest are counted and
    the count is reported with the next warning. Thread-safe."""

    def __init__(self, log: logging.Logger, every: float = WARN_EVERY_SECONDS) -> None:
        self.log = log
        self.every = every
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._suppressed = 0

    def warn(self, message: str, *args: object) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.every:
                self._suppressed += 1
                return
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        if suppressed:
            self.log.warning(message + " (%d similar warnings suppressed)", *args, suppressed)
        else:
            self.log.warning(message, *args)

    def reset(self) -> None:
        """The condition ended: the next occurrence warns at once."""
        with self._lock:
            self._last = float("-inf")
            self._suppressed = 0


class _Breaker:
    """Whether to try Redis at ``location`` now; shared by every thread's cache instance."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._down = False
        self._warning = RateLimitedWarning(logger)

    def closed(self) -> bool:
        """True when Redis may be tried (up, or down long enough to try again)."""
        return time.monotonic() >= self._down_until

    @property
    def down(self) -> bool:
        return self._down

    def failed(self, err: Exception) -> None:
        with self._lock:
            self._down = True
            self._down_until = time.monotonic() + DOWN_SECONDS
        self._warning.warn(
            "Redis cache at %s is unreachable (%s): serving without the cache (pages rendered "
            "afresh, view counts skipped, rate limits open) and trying again every %.0f s",
            self.location,
            err,
            DOWN_SECONDS,
        )

    def succeeded(self) -> None:
        if not self._down:
            return
        with self._lock:
            was_down, self._down, self._down_until = self._down, False, 0.0
        if was_down:
            self._warning.reset()
            logger.info("Redis cache at %s answers again", self.location)


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker(location: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker(location))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached (see
    the module docstring). ``BACKEND: "decorum.core.cache.ResilientRedisCache"``."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_S)
        options.setdefault("socket_timeout", READ_TIMEOUT_S)
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self._breaker = _breaker(_without_password(location))

    @property
    def unavailable(self) -> bool:
        """True while Redis is taken to be down (the last attempt failed)."""
        return self._breaker.down

    def _call(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if not self._breaker.closed():
            return fallback()
        try:
            result = operation()
        except UNREACHABLE as err:
            self._breaker.failed(err)
            return fallback()
        self._breaker.succeeded()
        return result

    def _unavailable(self) -> Any:
        raise CacheUnavailable(f"The cache at {self._breaker.location} cannot be reached.")

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._call(lambda: RedisCache.add(self, key, value, timeout, version), lambda: False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call(lambda: RedisCache.get(self, key, default, version), lambda: default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._call(lambda: RedisCache.set(self, key, value, timeout, version), lambda: None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call(lambda: RedisCache.touch(self, key, timeout, version), lambda: False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: RedisCache.delete(self, key, version), lambda: False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._call(lambda: RedisCache.get_many(self, keys, version), dict)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: RedisCache.has_key(self, key, version), lambda: False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._call(lambda: RedisCache.incr(self, key, delta, version), self._unavailable)

    # BaseCache.decr calls incr with -delta, so it is covered.

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        # Nothing was stored: Django's contract lists the keys that failed.
        return self._call(
            lambda: RedisCache.set_many(self, data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._call(lambda: RedisCache.delete_many(self, keys, version), lambda: None)

    def clear(self) -> None:
        self._call(lambda: RedisCache.clear(self), lambda: None)


def _without_password(location: str) -> str:
    """The address for log lines: ``redis://:secret@host`` must not reach the log."""
    from urllib.parse import urlsplit

    parts = []
    for one in location.split(","):
        split = urlsplit(one)
        if split.password:
            host = split.hostname or ""
            port = f":{split.port}" if split.port else ""
            one = split._replace(netloc=f"***@{host}{port}").geturl()
        parts.append(one)
    return ",".join(parts)


def cache_unavailable() -> bool:
    """True while the default cache is a :class:`ResilientRedisCache` whose Redis is down."""
    from django.core.cache import cache

    return bool(getattr(cache, "unavailable", False))


class HelperLocMemCache(LocMemCache):
    """The embedded default's in-process cache, kept in step with its helper process.

    The screening helper (``decorum.core.processes``) publishes comments, which makes cached
    article pages stale by raising a generation number in the cache; in a process-local cache
    that would reach only the helper. So in a helper every write (``set``, ``add``, ``incr``,
    ``delete``, ``touch``, ``clear``) is also sent to the web process, which repeats it on its
    own cache (``apply_forwarded``). Outside a helper this is a plain ``LocMemCache``. Values
    that are not JSON (never the generation numbers) stay local, logged at debug level.
    """

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        self._alias = str(params.get("ALIAS", "default"))

    def _forward(self, op: str, *args: Any, **kwargs: Any) -> None:
        from decorum.core import processes

        if not processes.is_helper():
            return
        kwargs = {k: v for k, v in kwargs.items() if v is not DEFAULT_TIMEOUT}
        message = {"cache": self._alias, "op": op, "args": list(args), "kwargs": kwargs}
        try:
            processes.send_to_parent(message)
        except (TypeError, ValueError):
            logger.debug("Cache %s of %r kept in the helper: not JSON", op, args[:1])

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        super().set(key, value, timeout, version)
        self._forward("set", key, value, timeout=timeout, version=version)

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        added = super().add(key, value, timeout, version)
        self._forward("add", key, value, timeout=timeout, version=version)
        return bool(added)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        # Sent first: the key may be missing here yet present in the web process.
        self._forward("incr", key, delta, version=version)
        return int(super().incr(key, delta, version))

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        touched = super().touch(key, timeout, version)
        self._forward("touch", key, timeout=timeout, version=version)
        return bool(touched)

    def delete(self, key: str, version: int | None = None) -> bool:
        deleted = super().delete(key, version)
        self._forward("delete", key, version=version)
        return bool(deleted)

    def clear(self) -> None:
        super().clear()
        self._forward("clear")

    def forget_here(self, *keys: str) -> None:
        """Delete ``keys`` from this process's cache only (a helper's own memos)."""
        for key in keys:
            super().delete(key)


FORWARDED_OPS = frozenset({"set", "add", "incr", "touch", "delete", "clear"})


def apply_forwarded(message: dict[str, Any]) -> None:
    """Repeat on this process's cache a write a helper sent (see ``HelperLocMemCache``). An
    ``incr`` of a key this process does not hold is dropped: nothing here carries it yet."""
    from django.core.cache import caches

    op = message.get("op")
    if op not in FORWARDED_OPS:
        return
    method = getattr(caches[str(message.get("cache", "default"))], str(op))
    try:
        method(*message.get("args", ()), **message.get("kwargs", {}))
    except ValueError:
        pass
