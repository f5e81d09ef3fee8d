"""A burst of posts can fill the screening process's socket (the kernel queues a few
datagrams). A post that finds it full leaves its check to that process, which takes it up from
the database after the batch it was sent; the web process does not run the engine itself (that
is only for when no screening process listens)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from decorum.community.models import Comment, CommentStatus
from decorum.core import jobs, processes
from decorum.enforcement import engine_adapter, screening_worker
from decorum.enforcement.models import Decision, ScreeningWork
from decorum.enforcement.screening import SCREENING_PROCESS
from tests.community.conftest import make_page, post
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

BENIGN = "The ferry timetable change helps early commuters, thanks for the clear report."


@pytest.fixture(autouse=True)
def _screening(screening_on: None, settings: Any) -> None:
    settings.DECORUM_JOBS_EAGER = False  # the job goes to the screening process's socket
    engine_adapter.warm_up()


@pytest.fixture
def full_inbox() -> Iterator[processes.Inbox]:
    """The screening process's socket, bound and not read until its queue is full."""
    inbox = processes.Inbox(processes.socket_path(SCREENING_PROCESS))
    try:
        for _ in range(10_000):
            if processes.deliver(SCREENING_PROCESS, {"job": "filler"}) is processes.Delivery.BUSY:
                break
        else:
            pytest.fail("the socket's queue never filled")
        yield inbox
    finally:
        inbox.close()


def test_a_helper_is_told_busy_from_absent() -> None:
    name = "busy-test"
    assert processes.deliver(name, {"job": "x"}) is processes.Delivery.ABSENT
    with processes.Inbox(processes.socket_path(name)) as inbox:
        sent = 0
        while processes.deliver(name, {"job": "x", "n": sent}) is processes.Delivery.SENT:
            sent += 1
            assert sent < 10_000
        assert processes.deliver(name, {"job": "x"}) is processes.Delivery.BUSY
        assert processes.send(name, {"job": "x"}) is False
        assert len(inbox.receive(0)) == sent  # what was sent is all there, in full
    assert processes.deliver(name, {"job": "x"}) is processes.Delivery.ABSENT


def test_a_post_that_finds_the_queue_full_is_decided_by_the_screening_process(
    client: Client, reader: Any, full_inbox: processes.Inbox
) -> None:
    login(client, reader)
    response = post(client, make_page("Ferry timetable changes from Monday"), BENIGN)
    assert response.status_code == 302
    found = re.search(r"#comment-(\d+)", response["Location"])
    assert found is not None
    comment = Comment.objects.get(pk=int(found.group(1)))

    jobs.wait_for_jobs()  # anything the web process would have run itself has run by now
    work = ScreeningWork.objects.get(comment=comment)
    assert work.done_at is None and work.claimed_by == ""
    assert not Decision.objects.filter(comment=comment).exists()

    # the screening process's next turn: the fillers it was sent, then the unheld work
    claimed = screening_worker.take_turn(full_inbox, 0)

    assert claimed == 1
    work.refresh_from_db()
    assert work.done_at is not None and work.claimed_by == screening_worker.identity()
    assert Decision.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
