"""The state stores keep recent comment events per article, bounded and expiring."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from decorum.moderation.state import CommentEvent, MemoryStateStore, RedisStateStore, StateStore


def _event(cid: str, t: float, *, article: str = "a1", author: str = "u1") -> CommentEvent:
    return CommentEvent(
        comment_id=cid, article_id=article, author=author, text=f"text {cid}", time=t
    )


@pytest.fixture
def redis_store() -> Iterator[RedisStateStore]:
    store = RedisStateStore(
        prefix=f"test:decorum:{uuid.uuid4().hex}:", ttl_seconds=3600, max_events=5
    )
    yield store
    store.clear()


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> StateStore:
    if request.param == "memory":
        return MemoryStateStore(ttl_seconds=3600, max_events=5)
    s: StateStore = request.getfixturevalue("redis_store")
    return s


def test_it_returns_events_in_the_window_oldest_first(store: StateStore) -> None:
    store.record(_event("c2", 200.0))
    store.record(_event("c1", 100.0))
    store.record(_event("c3", 300.0, article="a2"))
    got = store.recent_for_article("a1", 50.0, 250.0)
    assert [e.comment_id for e in got] == ["c1", "c2"]
    assert got[0].text == "text c1"


def test_it_filters_by_author(store: StateStore) -> None:
    store.record(_event("c1", 100.0, author="u1"))
    store.record(_event("c2", 110.0, author="u2"))
    assert [e.comment_id for e in store.recent_for_author("a1", "u2", 0.0, 200.0)] == ["c2"]


def test_it_keeps_only_the_newest_events_per_article(store: StateStore) -> None:
    for i in range(8):
        store.record(_event(f"c{i}", 100.0 + i))
    assert [e.comment_id for e in store.recent_for_article("a1", 0.0, 1000.0)] == [
        "c3",
        "c4",
        "c5",
        "c6",
        "c7",
    ]


def test_it_forgets_events_older_than_the_ttl(store: StateStore) -> None:
    store.record(_event("old", 100.0))
    store.record(_event("new", 100.0 + 7200))
    assert [e.comment_id for e in store.recent_for_article("a1", 0.0, 1e9)] == ["new"]


def test_two_redis_stores_with_one_prefix_share_events(redis_store: RedisStateStore) -> None:
    other = RedisStateStore(prefix=redis_store.prefix)
    other.record(
        CommentEvent("c9", "a1", "u1", "привет", 5.0, parent_id="c1", embedding=(0.5, 0.25))
    )
    (got,) = redis_store.recent_for_article("a1", 0.0, 10.0)
    assert got.text == "привет" and got.parent_id == "c1" and got.embedding == (0.5, 0.25)
