"""Enforcement actions: only moderators change a comment's status, and every change is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from decorum.community.actions import delete_comment, post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.core.errors import PermissionDenied, ValidationFailed
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.engine_adapter import community_rules
from decorum.enforcement.models import StatusChange
from tests.community.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    cache.clear()


@pytest.fixture
def pending(reader: Any) -> Comment:
    page = make_page("Tram timetable")
    return post_comment(author=reader, article=page, text="Trams every ten minutes")


def test_a_new_comment_starts_pending_in_premoderation_with_a_system_record(
    pending: Comment,
) -> None:
    assert pending.status == CommentStatus.PENDING
    record = StatusChange.objects.get(comment=pending)
    assert (record.from_status, record.to_status, record.by_system, record.actor) == (
        "",
        "pending",
        True,
        None,
    )


def test_readers_cannot_approve_or_reject(pending: Comment, second_reader: Any) -> None:
    with pytest.raises(PermissionDenied):
        approve_comment(comment=pending, moderator=second_reader)
    with pytest.raises(PermissionDenied):
        reject_comment(
            comment=pending, moderator=second_reader, rule=current_standards().rules[0].id
        )
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING


def test_rejecting_needs_a_rule_of_the_standards(pending: Comment, moderator: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        reject_comment(comment=pending, moderator=moderator, rule="not_a_rule")
    assert caught.value.code == "invalid_rule"


def test_a_rejected_comment_can_be_approved_later_and_each_step_is_recorded(
    pending: Comment, moderator: Any
) -> None:
    rule = current_standards().rules[0].id
    reject_comment(comment=pending, moderator=moderator, rule=rule, note="first look")
    approve_comment(comment=pending, moderator=moderator, note="on appeal")
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PUBLISHED
    steps = list(
        StatusChange.objects.filter(comment=pending).values_list("from_status", "to_status")
    )
    assert steps == [("", "pending"), ("pending", "rejected"), ("rejected", "published")]


def test_a_removed_comment_cannot_be_approved(pending: Comment, moderator: Any) -> None:
    delete_comment(comment=pending, actor=pending.author)
    with pytest.raises(ValidationFailed):
        approve_comment(comment=pending, moderator=moderator)
    pending.refresh_from_db()
    assert pending.status == CommentStatus.REMOVED


def test_the_standards_are_the_policy_rules() -> None:
    version, rules = community_rules("en")
    standards = current_standards("en")
    assert standards.version == version
    assert [rule.id for rule in standards.rules] == [rule.id for rule in rules]
    assert all(rule.title and rule.text for rule in standards.rules)
