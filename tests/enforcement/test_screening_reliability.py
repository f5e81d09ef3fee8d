"""No comment left undecided: lost checks are sent again by the reconciler, checks that keep
failing reach a moderator with the reason, redelivered checks change nothing, and a broker
that cannot be reached never costs the reader a 500 or a duplicate comment."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from decorum.community.actions import edit_comment, post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.core.celery import RECONCILE_SCREENING, run_job_task
from decorum.core.celery import app as celery_app
from decorum.core.jobs import resolve, run_job, task_path
from decorum.core.models import JobFailure
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.models import (
    Block,
    Decision,
    DecisionSource,
    ScreeningWork,
    StatusChange,
    WorkOutcome,
)
from decorum.enforcement.sanctions import lift_block
from decorum.enforcement.screening import reconcile_screening, screen_comment, text_digest
from decorum.news.models import ArticlePage
from tests.community.conftest import make_page, post
from tests.conftest import login

pytestmark = pytest.mark.django_db

INSULT = "You are a pathetic idiot and everyone here knows you are a moron."
BENIGN = "The new bridge should cut my commute by ten minutes, which is good news for the town."
CLOSED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
SCREEN = task_path(screen_comment)


@pytest.fixture(autouse=True)
def _screening(screening_on: None, settings: Any) -> None:
    settings.DECORUM_ENFORCEMENT_RETRY_AFTER_SECONDS = 60
    settings.DECORUM_ENFORCEMENT_MAX_ATTEMPTS = 3


@pytest.fixture
def page(db: Any) -> ArticlePage:
    return make_page("Harbour bridge reopens after repairs")


def _reconcile(capture: Any) -> str:
    """Run the management command people run, with its after-commit dispatches."""
    with capture(execute=True):
        call_command("reconcile_screening", verbosity=1, stdout=(out := _Out()))
    return out.text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_comment_whose_check_never_ran_is_decided_by_the_reconciler(
    reader: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    # The comment commits, then the process dies before its check is dispatched.
    with django_capture_on_commit_callbacks(execute=False):
        comment = post_comment(author=reader, article=page, text=INSULT)
    work = ScreeningWork.objects.get(comment=comment)
    assert (work.attempts, work.done_at, work.digest) == (1, None, text_digest(INSULT))
    assert not Decision.objects.filter(comment=comment).exists()

    assert "Sent 0 check(s) again" in _reconcile(django_capture_on_commit_callbacks)  # grace
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        out = _reconcile(django_capture_on_commit_callbacks)
    assert "Sent 1 check(s) again" in out

    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    decision = Decision.objects.get(comment=comment)
    assert decision.source == DecisionSource.ENGINE and decision.screening_revision == 1
    work.refresh_from_db()
    assert work.outcome == WorkOutcome.DECIDED and work.done_at is not None and work.attempts == 2
    assert "Sent 0 check(s) again" in _reconcile(django_capture_on_commit_callbacks)


def test_a_check_that_keeps_failing_reaches_a_moderator_with_the_reason(
    settings: Any,
    client: Client,
    reader: Any,
    moderator: Any,
    page: ArticlePage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.DECORUM_JOBS_EAGER = False
    settings.DECORUM_CELERY_BROKER_URL = CLOSED_BROKER
    login(client, reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, page, BENIGN).status_code == 302
    comment = Comment.objects.get(text=BENIGN)
    work = ScreeningWork.objects.get(comment=comment)
    start = timezone.now()

    # Each retry waits twice as long as the one before: 60 s, then 120 s.
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        _reconcile(django_capture_on_commit_callbacks)
        work.refresh_from_db()
        assert work.attempts == 2
        assert work.next_attempt_at == timezone.now() + timedelta(seconds=120)
    with time_machine.travel(start + timedelta(seconds=150)):
        assert "Sent 0 check(s) again" in _reconcile(django_capture_on_commit_callbacks)
    with time_machine.travel(start + timedelta(seconds=182)):
        assert "Sent 1 check(s) again" in _reconcile(django_capture_on_commit_callbacks)
    assert not Decision.objects.filter(comment=comment).exists()
    with time_machine.travel(start + timedelta(seconds=182 + 241)):
        out = _reconcile(django_capture_on_commit_callbacks)
    assert "handed 1 comment(s) to moderators" in out

    decision = Decision.objects.get(comment=comment)
    assert (decision.source, decision.action) == (DecisionSource.SYSTEM, "queue")
    assert decision.failures[0]["reason"].startswith("automatic check failed 3 times")
    assert "The automatic check failed 3 times; a moderator will decide." == decision.statement
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    work.refresh_from_db()
    assert work.outcome == WorkOutcome.HANDED_TO_PEOPLE
    # Every failed hand-over was logged and counted: the post and the two retries.
    assert JobFailure.objects.filter(job=SCREEN, stage="dispatch").count() == 3

    login(client, moderator)
    queue = client.get("/moderation/?queue=pending").content.decode()
    assert BENIGN in queue and "failed 3 times" in queue


def test_an_unreachable_broker_gives_the_reader_a_normal_page_and_one_comment(
    settings: Any,
    client: Client,
    reader: Any,
    page: ArticlePage,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.DECORUM_JOBS_EAGER = False
    settings.DECORUM_CELERY_BROKER_URL = CLOSED_BROKER
    login(client, reader)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = post(client, page, BENIGN)
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    after = client.get(response["Location"])
    assert after.status_code == 200
    assert "Your comment is being checked" in after.content.decode()
    comment = Comment.objects.get(text=BENIGN)
    assert comment.status == CommentStatus.PENDING
    assert ScreeningWork.objects.open().filter(comment=comment).exists()
    assert "Could not hand job decorum.enforcement.screening.screen_comment" in caplog.text
    failure = JobFailure.objects.get()
    assert failure.ids == [comment.pk, text_digest(BENIGN)] and "Traceback" in failure.traceback

    # Once the broker is back, the reconciler settles it (here: run in-process).
    settings.DECORUM_CELERY_BROKER_URL = ""
    settings.DECORUM_JOBS_EAGER = True
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        _reconcile(django_capture_on_commit_callbacks)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert Comment.objects.filter(text=BENIGN).count() == 1


def test_a_redelivered_check_after_a_moderators_approval_changes_nothing(
    reader: Any, moderator: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    for i in range(2):
        earlier = post_comment(author=reader, article=page, text=f"Earlier {i}", screen=False)
        reject_comment(comment=earlier, moderator=moderator, rule="spam")
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(author=reader, article=page, text=INSULT)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    block = Block.objects.get(user=reader, lifted_at__isnull=True)  # the ladder's third step

    # On appeal a moderator publishes the comment and lifts the block.
    approve_comment(comment=comment, moderator=moderator)
    lift_block(block=block, by=moderator, reason="Quoting the article, not an insult.")
    changes = StatusChange.objects.filter(comment=comment).count()

    # The broker delivers the same check again (acks_late after a worker crash).
    with django_capture_on_commit_callbacks(execute=True):
        run_job_task(SCREEN, comment.pk, text_digest(INSULT))
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert StatusChange.objects.filter(comment=comment).count() == changes
    assert Decision.objects.filter(comment=comment, source=DecisionSource.ENGINE).count() == 1
    assert Block.objects.filter(user=reader).count() == 1
    assert not Block.objects.filter(user=reader, lifted_at__isnull=True).exists()


def test_a_check_for_a_comment_a_person_decided_first_does_nothing(
    reader: Any, moderator: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        comment = post_comment(author=reader, article=page, text=INSULT)
    approve_comment(comment=comment, moderator=moderator)
    work = ScreeningWork.objects.get(comment=comment)
    assert work.outcome == WorkOutcome.DECIDED_BY_PERSON
    assert run_job(SCREEN, comment.pk, text_digest(INSULT))
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert not Decision.objects.filter(comment=comment, source=DecisionSource.ENGINE).exists()


def test_a_check_of_an_older_text_does_nothing_and_the_new_text_is_checked(
    reader: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(author=reader, article=page, text=BENIGN)
    with django_capture_on_commit_callbacks(execute=False):
        edit_comment(comment=comment, editor=reader, text=INSULT)
    work = ScreeningWork.objects.get(comment=comment)
    assert (work.revision, work.digest, work.done_at) == (2, text_digest(INSULT), None)
    assert screen_comment(comment.pk, text_digest(BENIGN)) is None  # the old text's job
    decision = screen_comment(comment.pk, text_digest(INSULT))
    assert decision is not None and decision.action == "reject"
    assert decision.screening_revision == 2
    assert screen_comment(comment.pk, text_digest(INSULT)) is None  # delivered twice
    assert Decision.objects.filter(comment=comment).count() == 2


def test_the_database_allows_one_automatic_decision_per_check(
    reader: Any, page: ArticlePage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(author=reader, article=page, text=BENIGN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            comment=comment, source="engine", action="allow", screening_revision=1
        )


def test_a_failing_job_is_logged_with_its_name_ids_and_traceback_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="decorum.core.jobs"):
        assert run_job("json.loads", "not json at all") is False
    record = caplog.records[-1]
    assert "json.loads" in record.getMessage() and "not json at all" in record.getMessage()
    assert record.exc_info is not None
    failure = JobFailure.objects.get()
    assert (failure.job, failure.ids, failure.stage) == ("json.loads", ["not json at all"], "run")
    assert "JSONDecodeError" in failure.error and "Traceback" in failure.traceback
    with pytest.raises(ValueError):
        run_job_task("json.loads", "still not json")  # Celery sees the failure
    assert JobFailure.objects.count() == 2


def test_celery_beat_runs_the_reconciler_every_minute() -> None:
    entry = celery_app.conf.beat_schedule["reconcile-screening"]
    assert entry["task"] == "decorum.run_job" and entry["args"] == [RECONCILE_SCREENING]
    assert resolve(RECONCILE_SCREENING) is reconcile_screening
    assert entry["schedule"] == 60


def test_the_health_page_is_for_moderators_and_administrators_only(
    client: Client,
    reader: Any,
    outsider: Any,
    moderator: Any,
    admin_user: Any,
    page: ArticlePage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        post_comment(author=reader, article=page, text=BENIGN)
    run_job("json.loads", "not json")
    anonymous = client.get("/moderation/health/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    login(client, outsider)
    refused = client.get("/moderation/health/")
    assert refused.status_code == 403
    assert "waiting for the automatic check" not in refused.content.decode()
    for person in (moderator, admin_user):
        login(client, person)
        with time_machine.travel(timezone.now() + timedelta(seconds=90)):
            html = client.get("/moderation/health/").content.decode()
        assert 'data-figure="waiting">1<' in html
        assert 'data-figure="oldest-wait">9' in html  # about 90 seconds
        assert 'data-figure="failed-last-hour">1<' in html
        assert "json.loads" in html and 'data-healthy="no"' in html
    login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reconcile_screening(now=timezone.now() + timedelta(seconds=61))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        html = client.get("/moderation/health/").content.decode()
    assert 'data-figure="waiting">0<' in html and 'data-healthy="yes"' in html
