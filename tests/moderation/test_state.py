"""The state stores keep recent comment events per article, bounded and expiring."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import numpy as np
import pytest

from decorum.moderation.state import MemoryStateStore, RedisStateStore, StateEvent, StateStore


def _event(cid: str, ts: float, *, article: str = "a1", author: str = "u1") -> StateEvent:
    return StateEvent(comment_id=cid, article_id=article, author=author, ts=ts, folded=f"t {cid}")


@pytest.fixture
def redis_store() -> Iterator[RedisStateStore]:
    store = RedisStateStore(
        prefix=f"test:decorum:{uuid.uuid4().hex}:", horizon_s=3600, max_per_article=5
    )
    yield store
    store.clear()


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> StateStore:
    if request.param == "memory":
        return MemoryStateStore(horizon_s=3600, max_per_article=5)
    s: StateStore = request.getfixturevalue("redis_store")
    return s


def test_it_returns_recent_events_for_the_article_only(store: StateStore) -> None:
    store.record(_event("c1", 100.0))
    store.record(_event("c2", 200.0))
    store.record(_event("c3", 210.0, article="a2"))
    got = store.recent_for_article("a1", 150.0)
    assert [e.comment_id for e in got] == ["c2"]
    assert got[0].folded == "t c2"


def test_it_filters_one_author_in_one_article(store: StateStore) -> None:
    store.record(_event("c1", 100.0, author="u1"))
    store.record(_event("c2", 110.0, author="u2"))
    store.record(_event("c3", 120.0, author="u2", article="a2"))
    assert [e.comment_id for e in store.recent_for_author_thread("a1", "u2", 0.0)] == ["c2"]


def test_it_keeps_only_the_newest_events_per_article(store: StateStore) -> None:
    for i in range(8):
        store.record(_event(f"c{i}", 100.0 + i))
    got = [e.comment_id for e in store.recent_for_article("a1", 0.0)]
    assert got == ["c3", "c4", "c5", "c6", "c7"]


def test_it_forgets_events_older_than_the_horizon(store: StateStore) -> None:
    store.record(_event("old", 100.0))
    store.record(_event("new", 100.0 + 7200))
    assert [e.comment_id for e in store.recent_for_article("a1", 0.0)] == ["new"]


def test_two_redis_stores_with_one_prefix_share_events(redis_store: RedisStateStore) -> None:
    other = RedisStateStore(prefix=redis_store.prefix)
    vec = np.array([0.6, 0.8], dtype=np.float32)
    other.record(
        StateEvent("c9", "a1", "u1", 5.0, "привет", parent_id="c1", embedding=vec, flood_like=True)
    )
    (got,) = redis_store.recent_for_article("a1", 0.0)
    assert got.folded == "привет" and got.parent_id == "c1" and got.flood_like
    assert got.embedding is not None and np.allclose(got.embedding, vec, atol=1e-3)
