"""Recent activity that stateful detectors (flash_mob, flooding) look back on.

Behavioural rules need what happened before a comment: who posted what under the same article,
and how fast one author posts into one thread. The store is an interface so one process can keep
it in memory (the default) and several processes or machines can share Redis. Both stores are
bounded in time (events older than ``ttl_seconds`` are forgotten) and in size (at most
``max_events`` per article), so hostile traffic cannot grow them without limit.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_TTL_SECONDS = 6 * 3600
DEFAULT_MAX_EVENTS = 2000


@dataclass(frozen=True, slots=True)
class CommentEvent:
    """One decided comment as later detectors see it; ``time`` is a POSIX timestamp."""

    comment_id: str
    article_id: str
    author: str
    text: str
    time: float
    parent_id: str | None = None
    embedding: tuple[float, ...] | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "comment_id": self.comment_id,
                "article_id": self.article_id,
                "author": self.author,
                "text": self.text,
                "time": self.time,
                "parent_id": self.parent_id,
                "embedding": list(self.embedding) if self.embedding is not None else None,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> CommentEvent:
        data: dict[str, Any] = json.loads(raw)
        emb = data.get("embedding")
        return cls(
            comment_id=str(data["comment_id"]),
            article_id=str(data["article_id"]),
            author=str(data["author"]),
            text=str(data["text"]),
            time=float(data["time"]),
            parent_id=data.get("parent_id"),
            embedding=tuple(float(x) for x in emb) if emb is not None else None,
        )


class StateStore(Protocol):
    """Where recent comment events live; implementations must be safe to share across threads."""

    def record(self, event: CommentEvent) -> None: ...

    def recent_for_article(self, article_id: str, since: float, until: float) -> list[CommentEvent]:
        """Events under ``article_id`` with ``since <= time <= until``, oldest first."""
        ...

    def recent_for_author(
        self, article_id: str, author: str, since: float, until: float
    ) -> list[CommentEvent]:
        """One author's events under one article in the window, oldest first."""
        ...

    def clear(self) -> None: ...


def _in_window(events: Sequence[CommentEvent], since: float, until: float) -> list[CommentEvent]:
    return sorted((e for e in events if since <= e.time <= until), key=lambda e: e.time)


class MemoryStateStore:
    """In-process store: per-article deques capped at ``max_events``, expired by event time."""

    def __init__(
        self, *, ttl_seconds: float = DEFAULT_TTL_SECONDS, max_events: int = DEFAULT_MAX_EVENTS
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_events = max_events
        self._articles: dict[str, deque[CommentEvent]] = {}
        self._latest = float("-inf")
        self._lock = threading.Lock()

    def record(self, event: CommentEvent) -> None:
        with self._lock:
            events = self._articles.setdefault(event.article_id, deque(maxlen=self.max_events))
            events.append(event)
            self._latest = max(self._latest, event.time)
            self._expire()

    def _expire(self) -> None:
        # Expiry follows the newest event time, not the wall clock, so replaying history
        # (the CLI over a dataset) behaves as it would have live.
        horizon = self._latest - self.ttl_seconds
        for article_id in list(self._articles):
            events = self._articles[article_id]
            while events and events[0].time < horizon:
                events.popleft()
            if not events:
                del self._articles[article_id]

    def recent_for_article(self, article_id: str, since: float, until: float) -> list[CommentEvent]:
        with self._lock:
            return _in_window(list(self._articles.get(article_id, ())), since, until)

    def recent_for_author(
        self, article_id: str, author: str, since: float, until: float
    ) -> list[CommentEvent]:
        return [e for e in self.recent_for_article(article_id, since, until) if e.author == author]

    def clear(self) -> None:
        with self._lock:
            self._articles.clear()
            self._latest = float("-inf")


class RedisStateStore:
    """Shared store: one sorted set per article (score = event time, member = JSON payload).

    Each write trims the set to the newest ``max_events`` and the TTL window and refreshes the
    key's expiry, so idle articles disappear on their own. Several processes can use one server.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        prefix: str = "decorum:moderation:",
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_events: int = DEFAULT_MAX_EVENTS,
        client: Any = None,
    ) -> None:
        if client is None:
            import redis

            client = redis.Redis.from_url(url)
        self._redis = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.max_events = max_events

    def _key(self, article_id: str) -> str:
        return f"{self.prefix}article:{article_id}"

    def record(self, event: CommentEvent) -> None:
        key = self._key(event.article_id)
        pipe = self._redis.pipeline()
        pipe.zadd(key, {event.to_json(): event.time})
        pipe.zremrangebyscore(key, "-inf", f"({event.time - self.ttl_seconds}")
        pipe.zremrangebyrank(key, 0, -self.max_events - 1)
        pipe.expire(key, int(self.ttl_seconds) + 60)
        pipe.execute()

    def recent_for_article(self, article_id: str, since: float, until: float) -> list[CommentEvent]:
        raw = self._redis.zrangebyscore(self._key(article_id), since, until)
        return [CommentEvent.from_json(r) for r in raw]

    def recent_for_author(
        self, article_id: str, author: str, since: float, until: float
    ) -> list[CommentEvent]:
        return [e for e in self.recent_for_article(article_id, since, until) if e.author == author]

    def clear(self) -> None:
        for key in self._redis.scan_iter(match=f"{self.prefix}*"):
            self._redis.delete(key)
