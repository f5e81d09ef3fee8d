"""SQLite, with the process's write transactions taking turns on a lock instead of sleeping.

SQLite lets one writer in at a time. A thread whose ``BEGIN IMMEDIATE`` finds the database
locked sleeps in SQLite's busy handler (1, 2, 5 ... 100 ms, again and again) and may lose to
newer arrivals each time it wakes: under a burst of posts the median write waited a few
milliseconds but the slowest waited over a second, while the lock was free most of that time.
Threads of one process now queue on a Python lock around the transaction and are woken as soon
as the previous writer commits; only writers of other processes (the screening process) still
meet SQLite's own waiting. A thread that cannot get the lock within the connection's timeout
goes ahead to SQLite's handler as before, so a stuck holder delays but never deadlocks others.

A writer of another process is waited for by asking again every half millisecond, not in
SQLite's busy handler: its sleeps grow to 100 ms, so a post that met the screening process's
commit of a batch of decisions (a few milliseconds) slept for tens of them, holding this
process's turn while every other post queued behind it; and the screening process, asking as
rarely, seldom found the database free between posts.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

from django.db.backends.sqlite3 import base

POLL_SECONDS = 0.0005  # how often a writer asks again while another process writes

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _write_lock(name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holds_write_lock = False

    def _start_transaction_under_autocommit(self) -> None:
        lock = _write_lock(str(self.settings_dict["NAME"]))
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        self._holds_write_lock = lock.acquire(timeout=timeout)
        try:
            self._begin_when_free(timeout)
        except BaseException:
            self._release_write_lock()
            raise

    def _begin_when_free(self, timeout: float) -> None:
        """``BEGIN IMMEDIATE``, asked again every ``POLL_SECONDS`` while another process holds
        the database, up to ``timeout`` seconds; then SQLite's own error."""
        raw = self.connection
        raw.execute("PRAGMA busy_timeout = 0")
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    raw.execute(f"BEGIN {self.transaction_mode or ''}")  # type: ignore[attr-defined]
                    return
                except sqlite3.OperationalError as err:
                    if not _is_busy(err) or time.monotonic() >= deadline:
                        with self.wrap_database_errors:  # raised as Django's error, as before
                            raise
                time.sleep(POLL_SECONDS)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")

    def _release_write_lock(self) -> None:
        if self._holds_write_lock:
            self._holds_write_lock = False
            _write_lock(str(self.settings_dict["NAME"])).release()

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()


def _is_busy(err: sqlite3.OperationalError) -> bool:
    """Another connection holds the lock (the primary code; extended codes add high bits)."""
    return (err.sqlite_errorcode & 0xFF) in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def is_lock_error(err: BaseException) -> bool:
    """Whether ``err`` (Django's OperationalError or SQLite's own) says another connection holds
    a lock, so the same read may succeed a moment later."""
    cause = err if isinstance(err, sqlite3.OperationalError) else err.__cause__
    return isinstance(cause, sqlite3.OperationalError) and _is_busy(cause)
