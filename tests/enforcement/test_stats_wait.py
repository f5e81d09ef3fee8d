"""The wait chart measures from the posting time copied onto each status change
(``StatusChange.comment_created_at``): written with every change, backfilled for old rows by
migration 0010, and read without looking up the comments."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from decorum.community.actions import post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.models import StatusChange
from decorum.enforcement.stats import StatsFilter, build_chart
from tests.community.conftest import make_page

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "decorum.enforcement.migrations.0010_statuschange_comment_created_at"
)


@pytest.fixture(autouse=True)
def _premoderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


def _decided_after(reader: Any, moderator: Any, hours: list[int]) -> list[Comment]:
    """Comments posted ``hours`` ago, each decided by a moderator now."""
    page = make_page("Night trains return")
    comments = []
    for n, h in enumerate(hours):
        comment = post_comment(
            author=reader,
            article=page,
            text=f"Waited {h} hours, number {n}",
            created_at=timezone.now() - timedelta(hours=h),
            enforce_rate_limit=False,
            screen=False,
        )
        assert comment.status == CommentStatus.PENDING
        if n % 2:
            approve_comment(comment=comment, moderator=moderator)
        else:
            reject_comment(comment=comment, moderator=moderator, rule="spam")
        comments.append(comment)
    return comments


def _wait_summary() -> dict[str, Any]:
    chart = build_chart("wait", StatsFilter.default(), language="en")
    return {str(label): value for label, value in chart.summary}


def test_every_status_change_carries_the_posting_time(reader: Any, moderator: Any) -> None:
    comments = _decided_after(reader, moderator, [2, 4, 30])
    for comment in comments:
        changes = StatusChange.objects.filter(comment=comment)
        assert changes.count() == 2  # posted (pending), then decided
        assert {c.comment_created_at for c in changes} == {comment.created_at}


def test_the_wait_is_measured_from_the_copy(reader: Any, moderator: Any) -> None:
    """Rewriting the comments' own posting time changes nothing: the chart no longer reads it."""
    _decided_after(reader, moderator, [2, 4, 30])
    before = _wait_summary()
    assert before["Decisions"] == 3
    assert before["Median (hours)"] == pytest.approx(4.0, abs=0.01)
    Comment.objects.update(created_at=timezone.now())
    assert _wait_summary() == before


def test_the_migration_backfills_old_rows_in_one_update(
    reader: Any, moderator: Any, django_assert_num_queries: Any
) -> None:
    """Rows written before the column existed are filled from their comment, with the figures
    they gave when the chart still looked the comments up."""
    comments = _decided_after(reader, moderator, [2, 4, 30])
    before = _wait_summary()
    StatusChange.objects.update(comment_created_at=None)
    schema_editor = SimpleNamespace(connection=connection)
    with django_assert_num_queries(1) as captured:
        MIGRATION.backfill_comment_created_at(apps, schema_editor)
    assert captured.captured_queries[0]["sql"].startswith("UPDATE")
    for comment in comments:
        stored = StatusChange.objects.filter(comment=comment).values_list(
            "comment_created_at", flat=True
        )
        assert set(stored) == {comment.created_at}
    assert _wait_summary() == before
