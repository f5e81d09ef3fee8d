"""Wake the requests of this process that wait for something another thread or process does.

A request that waits for the engine's decision (the post held for its outcome, the status
endpoint's ``?wait=``) used to ask the database every 50 ms, and a page that polled the status
endpoint cost a whole request each time: under a burst of posts those polls took most of the
web process's time. Now the waiter sleeps on an event, and whoever finishes the work calls
``notify(key)`` after its commit: a thread of this process sets the event directly, the
screening process sends ``{"wake": key}`` to the ``decorum serve`` that supervises it
(``apply_wake`` there). A waker on another machine (a Celery worker) cannot reach it, so the
waiter still asks its ``done`` check every ``RECHECK_SECONDS``: a lost wake-up delays, never
loses, an answer.

Waiting holds one of the server's threads, so only ``DECORUM_MAX_WAITING_REQUESTS`` requests
wait at a time; beyond that ``wait_until`` answers at once and the page polls as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from decorum.core import processes

RECHECK_SECONDS = 0.1
DEFAULT_MAX_WAITING = 8

_guard = threading.Lock()
_waiting: dict[str, set[threading.Event]] = {}
_slots: threading.BoundedSemaphore | None = None


def _slot_pool() -> threading.BoundedSemaphore:
    global _slots
    with _guard:
        if _slots is None:
            from django.conf import settings

            size = int(getattr(settings, "DECORUM_MAX_WAITING_REQUESTS", DEFAULT_MAX_WAITING))
            _slots = threading.BoundedSemaphore(max(1, size))
        return _slots


def notify(key: str) -> None:
    """Wake this process's waiters for ``key``, and the supervising server's when this is a
    helper process. Call after the work's transaction committed (``on_commit``)."""
    _wake_here(key)
    if processes.is_helper():
        processes.send_to_parent({"wake": key})


def _wake_here(key: str) -> None:
    with _guard:
        events = list(_waiting.get(key, ()))
    for event in events:
        event.set()


def apply_wake(message: dict[str, Any]) -> bool:
    """Handle a helper's ``{"wake": key}``; False when ``message`` is something else."""
    key = message.get("wake")
    if not isinstance(key, str):
        return False
    _wake_here(key)
    return True


def wait_until(
    key: str, done: Callable[[], bool], timeout: float, *, recheck: float = RECHECK_SECONDS
) -> bool:
    """``done()`` as soon as it holds, waiting at most ``timeout`` seconds for ``notify(key)``
    (and asking ``done()`` every ``recheck`` seconds meanwhile); its last answer when the time
    is up or no waiting slot is free."""
    if timeout <= 0:
        return done()
    pool = _slot_pool()
    if not pool.acquire(blocking=False):
        return done()
    event = threading.Event()
    with _guard:
        _waiting.setdefault(key, set()).add(event)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if done():  # registered first, so a wake-up after this check is not missed
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            event.wait(min(recheck, remaining))
            event.clear()
    finally:
        with _guard:
            events = _waiting.get(key)
            if events is not None:
                events.discard(event)
                if not events:
                    del _waiting[key]
        pool.release()
