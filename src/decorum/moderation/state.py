"""What the engine remembers between comments, for detectors that need the thread's history.

Flash mobs and flooding are patterns across comments: a store keeps recent events per article
(author, time, folded text, embedding) so a detector can compare a new comment with them.
Time is the comments' own ``created_at`` (so replaying a day of comments behaves like the day).

The Redis store degrades: while Redis cannot be reached it keeps events in an in-process
memory store instead (flooding and flash mobs are then seen per process) and logs a warning
at most once a minute; it tries Redis again after ``REDIS_RETRY_S``.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

DEFAULT_HORIZON_S = 3600.0  # events older than this (in comment time) are forgotten
DEFAULT_MAX_PER_ARTICLE = 500
REDIS_TIMEOUT_S = 0.25  # connect and read: a dead Redis must not stall each screening
REDIS_RETRY_S = 5.0  # after a failure, the memory store answers for this long
WARN_EVERY_S = 60.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StateEvent:
    comment_id: str
    article_id: str
    author: str
    ts: float  # created_at as a POSIX timestamp
    folded: str
    parent_id: str | None = None
    embedding: np.ndarray | None = None
    flood_like: bool = False

    def to_json(self) -> str:
        vec = None
        if self.embedding is not None:
            raw = np.asarray(self.embedding, dtype=np.float16).tobytes()
            vec = base64.b64encode(raw).decode("ascii")
        return json.dumps(
            {
                "c": self.comment_id,
                "a": self.article_id,
                "u": self.author,
                "t": self.ts,
                "f": self.folded[:1000],
                "p": self.parent_id,
                "v": vec,
                "fl": self.flood_like,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> StateEvent:
        d: dict[str, Any] = json.loads(raw)
        vec = None
        if d.get("v"):
            vec = np.frombuffer(base64.b64decode(d["v"]), dtype=np.float16).astype(np.float32)
        return cls(
            d["c"], d["a"], d["u"], float(d["t"]), d["f"], d.get("p"), vec, bool(d.get("fl"))
        )


class StateStore(Protocol):
    def record(self, event: StateEvent) -> None: ...

    def recent_for_article(self, article_id: str, since: float) -> list[StateEvent]: ...

    def recent_for_author_thread(
        self, article_id: str, author: str, since: float
    ) -> list[StateEvent]: ...


class MemoryStateStore:
    """In-process store: a bounded deque per article, pruned by comment time (one process only)."""

    def __init__(
        self, horizon_s: float = DEFAULT_HORIZON_S, max_per_article: int = DEFAULT_MAX_PER_ARTICLE
    ) -> None:
        self.horizon_s = horizon_s
        self.max_per_article = max_per_article
        self._by_article: dict[str, deque[StateEvent]] = {}
        self._lock = threading.Lock()
        self._latest = 0.0

    def record(self, event: StateEvent) -> None:
        with self._lock:
            self._latest = max(self._latest, event.ts)
            q = self._by_article.setdefault(event.article_id, deque(maxlen=self.max_per_article))
            q.append(event)
            self._prune()

    def _prune(self) -> None:
        cutoff = self._latest - self.horizon_s
        for article_id in list(self._by_article):
            q = self._by_article[article_id]
            while q and q[0].ts < cutoff:
                q.popleft()
            if not q:
                del self._by_article[article_id]

    def recent_for_article(self, article_id: str, since: float) -> list[StateEvent]:
        with self._lock:
            return [e for e in self._by_article.get(article_id, ()) if e.ts >= since]

    def recent_for_author_thread(
        self, article_id: str, author: str, since: float
    ) -> list[StateEvent]:
        return [e for e in self.recent_for_article(article_id, since) if e.author == author]


class RedisStateStore:
    """Shared store for several workers: one sorted set per article, scored by comment time.

    While Redis cannot be reached (connection refused, timed out) the store records into and
    reads from an in-process :class:`MemoryStateStore`, with a warning; see the module docstring.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        prefix: str = "decorum:engine:",
        horizon_s: float = DEFAULT_HORIZON_S,
        ttl_s: int = 6 * 3600,
        max_per_article: int = DEFAULT_MAX_PER_ARTICLE,
    ) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S
        )
        self._unreachable = (redis.ConnectionError, redis.TimeoutError)
        self.prefix = prefix
        self.horizon_s = horizon_s
        self.ttl_s = ttl_s
        self.max_per_article = max_per_article
        self.fallback = MemoryStateStore(horizon_s, max_per_article)
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._warned_at = float("-inf")

    def _key(self, article_id: str) -> str:
        return f"{self.prefix}article:{article_id}"

    @property
    def degraded(self) -> bool:
        """True while the memory store stands in for Redis."""
        return time.monotonic() < self._retry_at

    def _failed(self, err: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._retry_at = now + REDIS_RETRY_S
            warn = now - self._warned_at >= WARN_EVERY_S
            if warn:
                self._warned_at = now
        if warn:
            logger.warning(
                "The engine's Redis state store cannot be reached (%s): recent activity "
                "(flooding, flash mobs) is kept in this process until it answers again",
                err,
            )

    def record(self, event: StateEvent) -> None:
        if self.degraded:
            self.fallback.record(event)
            return
        key = self._key(event.article_id)
        pipe = self.client.pipeline()
        pipe.zadd(key, {event.to_json(): event.ts})
        pipe.zremrangebyscore(key, "-inf", event.ts - self.horizon_s)
        pipe.zremrangebyrank(key, 0, -self.max_per_article - 1)
        pipe.expire(key, self.ttl_s)
        try:
            pipe.execute()
        except self._unreachable as err:
            self._failed(err)
            self.fallback.record(event)

    def _decode(self, raws: Iterable[bytes]) -> list[StateEvent]:
        return [StateEvent.from_json(r) for r in raws]

    def recent_for_article(self, article_id: str, since: float) -> list[StateEvent]:
        if self.degraded:
            return self.fallback.recent_for_article(article_id, since)
        try:
            raws = self.client.zrangebyscore(self._key(article_id), since, "+inf")
        except self._unreachable as err:
            self._failed(err)
            return self.fallback.recent_for_article(article_id, since)
        return self._decode(cast("list[bytes]", raws))

    def recent_for_author_thread(
        self, article_id: str, author: str, since: float
    ) -> list[StateEvent]:
        return [e for e in self.recent_for_article(article_id, since) if e.author == author]

    def clear(self) -> None:
        """Delete every key under this store's prefix (tests use a unique prefix)."""
        for key in self.client.scan_iter(f"{self.prefix}*"):
            self.client.delete(key)


def state_store_from_url(url: str | None, prefix: str = "decorum:engine:") -> StateStore:
    """``redis://...`` gives a shared Redis store; an empty value an in-process memory store."""
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStateStore(url, prefix=prefix)
    return MemoryStateStore()
