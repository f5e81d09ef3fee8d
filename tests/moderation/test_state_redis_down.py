"""The engine's Redis state store falls back to the process's memory while Redis is down."""

from __future__ import annotations

import logging
import time

import numpy as np
import pytest

from decorum.moderation.state import RedisStateStore, StateEvent

CLOSED = "redis://127.0.0.1:1/0"


def _event(cid: str, author: str, ts: float) -> StateEvent:
    return StateEvent(cid, "a1", author, ts, f"text of {cid}", None, np.zeros(4, np.float32))


def test_it_keeps_recent_activity_in_memory_while_redis_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="decorum.moderation.state")
    store = RedisStateStore(CLOSED, prefix="test:down:")
    started = time.monotonic()
    for number in range(20):
        store.record(_event(f"c{number}", "ann" if number % 2 else "bob", 1000.0 + number))
    mine = store.recent_for_author_thread("a1", "ann", 1010.0)
    assert time.monotonic() - started < 2.0
    assert [e.comment_id for e in mine] == ["c11", "c13", "c15", "c17", "c19"]
    assert store.degraded
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "state store cannot be reached" in warnings[0]
