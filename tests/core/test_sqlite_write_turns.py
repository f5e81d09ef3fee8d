"""Write transactions of one process take turns on SQLite: a second writer waits for the first
to commit (woken at once) instead of failing or sleeping in SQLite's busy handler."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from decorum.core.models import Marker


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_to_commit_and_both_are_kept() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the write turns are SQLite's")
    inside = threading.Event()
    committed_at: list[float] = []
    errors: list[Exception] = []

    def first_writer() -> None:
        try:
            with transaction.atomic():
                Marker.objects.create(name="first")
                inside.set()
                time.sleep(0.4)  # holding the write transaction
            committed_at.append(time.monotonic())
        except Exception as err:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(err)
            inside.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert inside.wait(10)
    with transaction.atomic():
        began = time.monotonic()
        Marker.objects.create(name="second")
    thread.join(10)

    assert not errors, errors
    assert committed_at and began >= committed_at[0] - 0.05  # it began once the first had ended
    assert set(Marker.objects.values_list("name", flat=True)) >= {"first", "second"}


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """This backend on a database file of its own (the test database lives in memory, where
    SQLite neither waits nor retries as it does for a file shared by processes)."""
    if connection.vendor != "sqlite":
        pytest.skip("the write turns are SQLite's")
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "scratch.sqlite3")}
    settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "timeout": 5}
    wrapper = type(connections["default"])(settings_dict, alias="scratch")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE note (name TEXT)")
    yield wrapper
    wrapper.close()


def _other_process_writes(
    path: str, hold: float, began: threading.Event, ended: list[float]
) -> None:
    """A writer outside this process's turns (its own connection, as the screening process
    has): holds the write lock for ``hold`` seconds."""
    other = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO note VALUES ('other process')")
        began.set()
        time.sleep(hold)
        other.execute("COMMIT")
        ended.append(time.monotonic())
    finally:
        other.close()


def _write(wrapper: BaseDatabaseWrapper, name: str) -> float:
    """One write transaction as ``transaction.atomic`` runs it; returns when it began."""
    wrapper._start_transaction_under_autocommit()  # type: ignore[attr-defined]
    began = time.monotonic()
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES (%s)", [name])
    wrapper.commit()
    return began


def _names(wrapper: BaseDatabaseWrapper) -> set[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT name FROM note")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_writer_of_another_process_is_followed_at_once_not_after_a_backoff(
    scratch: BaseDatabaseWrapper,
) -> None:
    # Held 240 ms: SQLite's busy handler sleeps 100 ms at a time by then and begins ~90 ms late.
    began, ended = threading.Event(), []
    path = scratch.settings_dict["NAME"]
    thread = threading.Thread(target=_other_process_writes, args=(path, 0.24, began, ended))
    thread.start()
    assert began.wait(10)
    started = _write(scratch, "this process")
    thread.join(10)
    assert ended and started - ended[0] < 0.05
    assert _names(scratch) == {"other process", "this process"}
    with scratch.cursor() as cursor:  # writes outside a transaction wait as before
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 5000


@pytest.mark.django_db
def test_a_writer_that_never_ends_gives_djangos_error_after_the_timeout(
    scratch: BaseDatabaseWrapper,
) -> None:
    scratch.settings_dict["OPTIONS"]["timeout"] = 0.2
    began, ended = threading.Event(), []
    path = scratch.settings_dict["NAME"]
    thread = threading.Thread(target=_other_process_writes, args=(path, 1.0, began, ended))
    thread.start()
    assert began.wait(10)
    try:
        with pytest.raises(OperationalError, match="locked"):
            _write(scratch, "too late")
    finally:
        thread.join(10)
    _write(scratch, "after")  # the turn was given back: the next write goes through
    assert _names(scratch) == {"other process", "after"}


def test_a_read_that_meets_a_table_lock_is_told_apart_from_other_errors() -> None:
    """Shared-cache SQLite (the tests' in-memory database) fails a read that meets a writer's
    table lock at once; the status wait treats that as "not decided yet" and asks again."""
    from decorum.core.sqlite_backend.base import is_lock_error

    uri = "file:lockprobe?mode=memory&cache=shared"
    writer = sqlite3.connect(uri, uri=True, isolation_level=None)
    reader = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        writer.execute("CREATE TABLE t (x INTEGER)")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(sqlite3.OperationalError) as locked:
            reader.execute("SELECT count(*) FROM t").fetchone()
        assert is_lock_error(locked.value)
        try:
            raise OperationalError(str(locked.value)) from locked.value
        except OperationalError as wrapped:  # as Django raises it
            assert is_lock_error(wrapped)
        with pytest.raises(sqlite3.OperationalError) as missing:
            reader.execute("SELECT * FROM no_such_table")
        assert not is_lock_error(missing.value)
        writer.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (1,)
    finally:
        reader.close()
        writer.close()
