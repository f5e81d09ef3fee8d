"""The author's page asks for its comment's status with ``?wait=``: the answer is held until the
engine decides and comes as soon as it has, woken by the check (no polling every 50 ms); a
post held for its outcome (``DECORUM_ENFORCEMENT_WAIT_SECONDS``) is woken the same way.

The check runs as in ``decorum serve``: the web process sends the job to the screening
process's socket, and that process's loop (here in a thread of the test, on the same socket)
claims and decides it a moment later."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decorum.community.models import Comment, CommentStatus
from decorum.core import processes
from decorum.enforcement import engine_adapter, screening_worker
from decorum.enforcement.screening import SCREENING_PROCESS
from tests.community.conftest import make_page, post
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

BENIGN = "The ferry timetable change helps early commuters, thanks for the clear report."
HOLD_SECONDS = 0.5


@pytest.fixture(autouse=True)
def _screening(screening_on: None, settings: Any) -> None:
    settings.DECORUM_JOBS_EAGER = False  # the job goes to the screening process's socket
    engine_adapter.warm_up()


class ScreeningLoop:
    """The screening process's loop on its socket, deciding each job ``HOLD_SECONDS`` late."""

    def __init__(self) -> None:
        self.inbox = processes.Inbox(processes.socket_path(SCREENING_PROCESS))
        self.received_at: list[float] = []
        self.errors: list[Exception] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            ids = screening_worker._comment_ids(self.inbox.receive(30))
            self.received_at.append(time.monotonic())
            time.sleep(HOLD_SECONDS)
            screening_worker.screen_batch(ids)
        except Exception as err:  # noqa: BLE001 - reported by the test
            self.errors.append(err)
        finally:
            connections.close_all()

    def close(self) -> None:
        self.thread.join(30)
        self.inbox.close()
        assert not self.errors, self.errors


@pytest.fixture
def loop() -> Iterator[ScreeningLoop]:
    started = ScreeningLoop()
    yield started
    started.close()


def _posted(client: Client, text: str) -> Comment:
    response = post(client, make_page("Ferry timetable changes from Monday"), text)
    assert response.status_code == 302
    found = re.search(r"#comment-(\d+)", response["Location"])
    assert found is not None
    return Comment.objects.get(pk=int(found.group(1)))


def test_the_status_answer_waits_for_the_decision_and_comes_when_it_is_made(
    client: Client, reader: Any, loop: ScreeningLoop
) -> None:
    login(client, reader)
    comment = _posted(client, BENIGN)
    url = f"/comments/{comment.pk}/status/"

    at_once = client.get(url).json()
    assert at_once == {"id": comment.pk, "status": "pending", "checked": False}

    started = time.monotonic()
    held = client.get(url, {"wait": "2"})
    answered = time.monotonic()

    assert held.status_code == 200
    assert json.loads(held.content) == {"id": comment.pk, "status": "published", "checked": True}
    assert loop.received_at, "the job was not sent to the screening process"
    decided_after = answered - loop.received_at[0]
    assert HOLD_SECONDS <= decided_after < 1.9  # answered once decided, not at the 2 s limit
    assert answered - started < 2


def test_a_wait_that_is_not_a_number_is_answered_at_once(
    client: Client, reader: Any, loop: ScreeningLoop
) -> None:
    login(client, reader)
    comment = _posted(client, BENIGN)
    started = time.monotonic()
    response = client.get(f"/comments/{comment.pk}/status/", {"wait": "soon"})
    assert response.status_code == 200 and response.json()["checked"] is False
    assert time.monotonic() - started < HOLD_SECONDS


def test_a_post_held_for_its_outcome_is_answered_when_the_check_decides(
    client: Client, reader: Any, loop: ScreeningLoop, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 5
    login(client, reader)
    started = time.monotonic()
    comment = _posted(client, BENIGN)
    answered = time.monotonic()

    assert answered - started < 4  # woken by the decision, well before the 5 s limit
    assert loop.received_at and answered - loop.received_at[0] >= HOLD_SECONDS
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_a_post_not_held_answers_without_looking_for_a_decision(
    client: Client, reader: Any, loop: ScreeningLoop, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0  # the page asks the status endpoint instead
    login(client, reader)
    page = make_page("Ferry timetable changes from Monday")
    with CaptureQueriesContext(connection) as queries:
        response = post(client, page, BENIGN)
    assert response.status_code == 302
    assert not [q["sql"] for q in queries.captured_queries if "enforcement_decision" in q["sql"]]
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert any("being checked" in m for m in messages), messages
    comment = Comment.objects.get(article=page)
    assert comment.status == CommentStatus.PENDING
    loop.close()  # the screening process decides it a moment later
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
