"""Requests waiting for a decision sleep until woken: by a thread of this process, by a helper
process's message, or, when no wake-up can reach them, by asking again; and only so many wait
at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from decorum.core import wakeups


def _later(seconds: float, action: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        action()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_waiter_wakes_when_another_thread_notifies_after_its_work() -> None:
    done = threading.Event()

    def finish() -> None:
        done.set()
        wakeups.notify("test:thread")

    started = time.monotonic()
    thread = _later(0.3, finish)
    # asking again only every 30 s: the answer within seconds can only come from the wake-up
    assert wakeups.wait_until("test:thread", done.is_set, 10, recheck=30)
    thread.join()
    assert 0.25 < time.monotonic() - started < 5


def test_a_helper_process_wake_message_wakes_the_waiter() -> None:
    done = threading.Event()

    def finish() -> None:
        done.set()
        assert wakeups.apply_wake({"wake": "test:helper"})

    started = time.monotonic()
    thread = _later(0.3, finish)
    assert wakeups.wait_until("test:helper", done.is_set, 10, recheck=30)
    thread.join()
    assert time.monotonic() - started < 5
    assert not wakeups.apply_wake({"op": "set", "args": ["k", 1]})  # a cache write: not ours


def test_without_a_wake_up_the_waiter_asks_again_and_finds_the_work_done() -> None:
    done = threading.Event()
    thread = _later(0.2, done.set)  # a worker on another machine: no notify reaches us
    assert wakeups.wait_until("test:silent", done.is_set, 5, recheck=0.05)
    thread.join()


def test_a_waiter_gives_up_after_its_timeout() -> None:
    started = time.monotonic()
    assert not wakeups.wait_until("test:never", lambda: False, 0.3, recheck=0.05)
    assert 0.25 < time.monotonic() - started < 3
    assert not wakeups.wait_until("test:never", lambda: False, 0)


def test_when_every_waiting_slot_is_taken_the_answer_comes_at_once() -> None:
    release = threading.Event()
    holders = [
        threading.Thread(
            target=wakeups.wait_until, args=("test:held", release.is_set, 20), daemon=True
        )
        for _ in range(wakeups.DEFAULT_MAX_WAITING)
    ]
    for holder in holders:
        holder.start()
    time.sleep(0.3)  # every slot taken
    try:
        started = time.monotonic()
        assert not wakeups.wait_until("test:extra", lambda: False, 10)
        assert time.monotonic() - started < 1
    finally:
        release.set()
        wakeups.notify("test:held")
        for holder in holders:
            holder.join(5)
    # the slots are given back: a new waiter waits again
    started = time.monotonic()
    assert not wakeups.wait_until("test:extra", lambda: False, 0.4, recheck=0.05)
    assert time.monotonic() - started >= 0.35
