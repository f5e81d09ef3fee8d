"""Human decisions are stored whole and every action lands in an append-only audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from decorum.community.actions import post_comment
from decorum.community.models import Comment
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.audit import forget_actor
from decorum.enforcement.models import AuditEntry, Decision, DecisionSource
from tests.community.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(reader: Any, settings: Any) -> Comment:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    cache.clear()
    return post_comment(author=reader, article=make_page("Bridge works"), text="Closed again")


def test_a_moderators_decision_is_stored_with_who_rule_and_note(
    pending: Comment, moderator: Any
) -> None:
    reject_comment(comment=pending, moderator=moderator, rule="spam", note="link farm")
    decision = Decision.objects.filter(comment=pending).latest()
    assert (decision.source, decision.action, decision.rules) == (
        DecisionSource.MODERATOR,
        "reject",
        ["spam"],
    )
    assert (decision.moderator, decision.note) == (moderator, "link farm")
    entry = AuditEntry.objects.get(target_id=str(pending.pk))
    assert (entry.action, entry.actor, entry.actor_label) == (
        "comment.reject",
        moderator,
        moderator.public_id,
    )
    assert entry.details["rule"] == "spam"
    assert "Closed again" not in str(entry.details)


def test_audit_entries_cannot_be_changed_or_deleted_through_the_model(
    pending: Comment, moderator: Any
) -> None:
    approve_comment(comment=pending, moderator=moderator)
    entry = AuditEntry.objects.get(action="comment.allow")
    entry.action = "comment.reject"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "comment.allow"


def test_forgetting_an_erased_actor_keeps_the_facts(pending: Comment, moderator: Any) -> None:
    approve_comment(comment=pending, moderator=moderator)
    assert forget_actor(moderator.pk) == 1
    entry = AuditEntry.objects.get(action="comment.allow")
    assert (entry.actor, entry.actor_label, entry.target_id) == (
        None,
        "erased account",
        str(pending.pk),
    )
