"""Screening survives PostgreSQL dropping its connections (a restart, a failover): run with
``pytest --ds=decorum.settings.test_postgres tests/enforcement/test_screening_postgres.py``
(``make test`` does). Connections are cut for real with ``pg_terminate_backend``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import close_old_connections, connection

from decorum.community.actions import post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.core.jobs import run_job, task_path
from decorum.core.models import JobFailure
from decorum.core.serve import reconcile_round
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import Decision, ScreeningWork, WorkOutcome
from decorum.enforcement.screening import screen_comment, text_digest
from tests.community.conftest import make_page

INSULT = "You are a pathetic idiot and everyone here knows you are a moron."
SCREEN = task_path(screen_comment)


def _unreachable() -> str:
    """Why the PostgreSQL server cannot be reached ("" when it can)."""
    params = connection.settings_dict
    try:
        psycopg.connect(
            host=params["HOST"],
            port=params["PORT"],
            user=params["USER"],
            password=params["PASSWORD"],
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as err:
        return str(err).strip()
    return ""


if connection.vendor == "postgresql" and (why := _unreachable()):
    pytest.skip(
        f"PostgreSQL on {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']} "
        f"is unreachable ({why}); start it with `make services`",
        allow_module_level=True,
    )

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass: pytest --ds=decorum.settings.test_postgres",
    ),
]


@pytest.fixture(autouse=True)
def _screening(settings: Any) -> Iterator[None]:
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    settings.DECORUM_ENFORCEMENT_RETRY_AFTER_SECONDS = 0  # due at once
    settings.DECORUM_JOBS_EAGER = True
    engine_adapter.clear_caches()
    # Keep the connection between rounds as production does (CONN_MAX_AGE), so a cut
    # connection is met by the next query instead of being replaced beforehand.
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.settings_dict["CONN_MAX_AGE"] = 0
    connection.close()
    engine_adapter.clear_caches()


def _terminate_backends() -> int:
    """Cut every other connection to the test database, as a server restart does."""
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        password=params["PASSWORD"],
        dbname=params["NAME"],
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def _undispatched_comment(settings: Any, reader: Any) -> Comment:
    """A comment committed while its check could not be handed over (the broker was down)."""
    settings.DECORUM_JOBS_EAGER = False
    settings.DECORUM_CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    comment = post_comment(author=reader, article=make_page("Tram timetable"), text=INSULT)
    settings.DECORUM_CELERY_BROKER_URL = ""
    settings.DECORUM_JOBS_EAGER = True
    assert ScreeningWork.objects.open().filter(comment=comment).exists()
    return comment


def test_the_reconciler_decides_pending_comments_after_the_database_drops_its_connections(
    settings: Any, reader: Any, caplog: pytest.LogCaptureFixture
) -> None:
    comment = _undispatched_comment(settings, reader)
    assert connection.vendor == "postgresql"
    connection.ensure_connection()
    assert _terminate_backends() >= 1

    with caplog.at_level(logging.ERROR):
        assert reconcile_round() is False  # met the cut connection, logged, dropped it
    assert "Screening reconciliation failed" in caplog.text
    assert reconcile_round() is True  # reconnected

    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert Decision.objects.filter(comment=comment).count() == 1
    assert ScreeningWork.objects.get(comment=comment).outcome == WorkOutcome.DECIDED


def test_a_check_cut_off_by_the_database_is_counted_and_decided_later(
    settings: Any, reader: Any, caplog: pytest.LogCaptureFixture
) -> None:
    comment = _undispatched_comment(settings, reader)
    connection.ensure_connection()
    _terminate_backends()

    with caplog.at_level(logging.ERROR, logger="decorum.core.jobs"):
        assert run_job(SCREEN, comment.pk, text_digest(INSULT)) is False
    assert f"Background job {SCREEN} failed for ids [{comment.pk}," in caplog.text
    failure = JobFailure.objects.get(job=SCREEN, stage="run")  # on a fresh connection
    assert "OperationalError" in failure.error and "Traceback" in failure.traceback
    assert not Decision.objects.filter(comment=comment).exists()
    work = ScreeningWork.objects.get(comment=comment)
    assert work.done_at is None and "terminating connection" in work.last_error

    assert reconcile_round() is True
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert Decision.objects.filter(comment=comment).count() == 1


def test_two_deliveries_at_once_decide_and_sanction_once(settings: Any, reader: Any) -> None:
    comment = _undispatched_comment(settings, reader)
    results: list[object] = []
    start = threading.Barrier(2)

    def deliver() -> None:
        start.wait()
        try:
            results.append(screen_comment(comment.pk, text_digest(INSULT)))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2 and sum(r is not None for r in results) == 1
    assert Decision.objects.filter(comment=comment).count() == 1
    assert comment.status_changes.filter(to_status=CommentStatus.REJECTED).count() == 1
