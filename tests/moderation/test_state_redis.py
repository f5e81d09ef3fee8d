"""The Redis state store against the real server, under a prefix no other test uses."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import numpy as np
import pytest

from decorum.moderation.state import MemoryStateStore, RedisStateStore, StateEvent


@pytest.fixture
def store() -> Iterator[RedisStateStore]:
    s = RedisStateStore(
        "redis://127.0.0.1:6379/0", prefix=f"test:{uuid.uuid4().hex}:", horizon_s=600
    )
    yield s
    s.clear()


def _event(cid: str, author: str, ts: float, article: str = "a1") -> StateEvent:
    vec = np.zeros(512, dtype=np.float32)
    vec[0] = 1.0
    return StateEvent(cid, article, author, ts, f"text of {cid}", None, vec, True)


def test_redis_store_returns_recent_events_per_article_and_author(store: RedisStateStore) -> None:
    store.record(_event("c1", "ann", 1000.0))
    store.record(_event("c2", "bob", 1100.0))
    store.record(_event("c3", "ann", 1200.0))
    store.record(_event("x1", "ann", 1200.0, article="a2"))
    assert [e.comment_id for e in store.recent_for_article("a1", 1050.0)] == ["c2", "c3"]
    mine = store.recent_for_author_thread("a1", "ann", 0.0)
    assert [e.comment_id for e in mine] == ["c1", "c3"]
    assert mine[0].embedding is not None and float(mine[0].embedding[0]) == 1.0
    assert mine[0].flood_like and mine[0].folded == "text of c1"
    ttl = store.client.ttl(f"{store.prefix}article:a1")
    assert 0 < int(ttl) <= store.ttl_s  # type: ignore[arg-type]


def test_redis_store_forgets_events_past_the_horizon(store: RedisStateStore) -> None:
    store.record(_event("old", "ann", 0.0))
    store.record(_event("new", "bob", 1000.0))
    assert [e.comment_id for e in store.recent_for_article("a1", -1.0)] == ["new"]


def test_memory_store_forgets_by_comment_time() -> None:
    memory = MemoryStateStore(horizon_s=600)
    memory.record(_event("old", "ann", 0.0))
    memory.record(_event("new", "bob", 1000.0))
    assert [e.comment_id for e in memory.recent_for_article("a1", -1.0)] == ["new"]


def test_engine_shares_history_through_redis() -> None:
    from datetime import UTC, datetime, timedelta

    from decorum.moderation.engine import Engine
    from decorum.moderation.policy import load_default_policy
    from decorum.moderation.state import state_store_from_url
    from decorum.moderation.types import ArticleContext, CommentInput

    prefix = f"test:{uuid.uuid4().hex}:"
    store = state_store_from_url("redis://127.0.0.1:6379/0", prefix=prefix)
    assert isinstance(store, RedisStateStore)
    article = ArticleContext("r1", "en", "Town hall repaints the old bridge", "The bridge is blue.")
    t0 = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    try:
        # Two engines (as two workers would be) see each other's comments.
        first, second = Engine(load_default_policy(), store), Engine(load_default_policy(), store)
        for i in range(5):
            worker = first if i % 2 else second
            text = ["hi", "lol", "hm", "ok", "yo"][i]
            when = t0 + timedelta(seconds=20 * i)
            verdict = worker.decide(CommentInput(f"f{i}", text, "same", article, when))
        assert any(f.rule == "flooding" for f in verdict.fired)
    finally:
        store.clear()
