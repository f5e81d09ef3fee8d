"""What the engine remembers between comments, for detectors that need the thread's history.

Flash mobs and flooding are patterns across comments: a store keeps recent events per article
(author, time, folded text, embedding) so a detector can compare a new comment with them.
Time is the comments' own ``created_at`` (so replaying a day of comments behaves like the day).
"""

from __future__ import annotations

import base64
import json
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

DEFAULT_HORIZON_S = 3600.0  # events older than this (in comment time) are forgotten
DEFAULT_MAX_PER_ARTICLE = 500


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
    """Shared store for several workers: one sorted set per article, scored by comment time."""

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        prefix: str = "decorum:engine:",
        horizon_s: float = DEFAULT_HORIZON_S,
        ttl_s: int = 6 * 3600,
        max_per_article: int = DEFAULT_MAX_PER_ARTICLE,
    ) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.horizon_s = horizon_s
        self.ttl_s = ttl_s
        self.max_per_article = max_per_article

    def _key(self, article_id: str) -> str:
        return f"{self.prefix}article:{article_id}"

    def record(self, event: StateEvent) -> None:
        key = self._key(event.article_id)
        pipe = self.client.pipeline()
        pipe.zadd(key, {event.to_json(): event.ts})
        pipe.zremrangebyscore(key, "-inf", event.ts - self.horizon_s)
        pipe.zremrangebyrank(key, 0, -self.max_per_article - 1)
        pipe.expire(key, self.ttl_s)
        pipe.execute()

    def _decode(self, raws: Iterable[bytes]) -> list[StateEvent]:
        return [StateEvent.from_json(r) for r in raws]

    def recent_for_article(self, article_id: str, since: float) -> list[StateEvent]:
        raws = self.client.zrangebyscore(self._key(article_id), since, "+inf")
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
