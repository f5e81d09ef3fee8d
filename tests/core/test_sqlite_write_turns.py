"""Write transactions of one process take turns on SQLite: a second writer waits for the first
to commit (woken at once) instead of failing or sleeping in SQLite's busy handler."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

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
