"""Community asks the gate ``DECORUM_COMMUNITY_GATE`` names, and nothing else, what becomes of
a comment: tried with small gates of the tests' own through the HTTP interface."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from wagtail.models import Page

from decorum.community.checks import check_comment_gate
from decorum.community.gate import CommentGate
from decorum.community.models import Comment, CommentStatus
from decorum.core.errors import ErrorCode, PermissionDenied
from decorum.enforcement.models import StatusChange
from tests.community.conftest import article_html, post
from tests.conftest import login


class HoldEverything(CommentGate):
    """Every new comment waits for review."""

    def initial_status(self, *, screen: bool) -> str:
        return str(CommentStatus.PENDING)


class ClosedToEveryone(CommentGate):
    """Nobody may comment."""

    def check_may_comment(self, user: Any, article_id: int) -> None:
        raise PermissionDenied("The test gate lets nobody comment.", code=ErrorCode.BLOCKED)


@pytest.mark.django_db
def test_the_gate_the_setting_names_decides_the_status_of_a_new_comment(
    client: Client, reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_GATE = f"{__name__}.HoldEverything"
    login(client, reader)
    response = post(client, article, "Held by the test gate")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert not StatusChange.objects.exists()  # enforcement's gate was not asked
    assert "will appear once a moderator has reviewed it" in article_html(client, article)
    assert "Held by the test gate" not in article_html(Client(), article)


@pytest.mark.django_db
def test_the_gate_decides_who_may_comment(
    client: Client, reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_GATE = f"{__name__}.ClosedToEveryone"
    login(client, reader)
    assert "The test gate lets nobody comment." in article_html(client, article)
    response = post(client, article, "Let me in")
    assert response.status_code == 403
    assert "The test gate lets nobody comment." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_the_default_gate_publishes_at_once_and_records_no_decision(
    client: Client, reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_GATE = "decorum.community.gate.CommentGate"
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    login(client, reader)
    post(client, article, "Straight through")
    assert Comment.objects.get().status == CommentStatus.PUBLISHED
    assert not StatusChange.objects.exists()
    assert "Straight through" in article_html(Client(), article)


def test_the_configured_gate_passes_the_check() -> None:
    assert check_comment_gate() == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("decorum.community.no_such_module.Gate", "cannot be imported"),
        ("decorum.community.gate.NoSuchGate", "cannot be imported"),
        ("not-a-dotted-path", "cannot be imported"),
        ("decorum.community.models.Comment", "is not a subclass of"),
    ],
)
def test_the_system_check_rejects_a_bad_gate_path(settings: Any, path: str, problem: str) -> None:
    settings.DECORUM_COMMUNITY_GATE = path
    [error] = check_comment_gate()
    assert error.id == "community.E010"
    assert f"DECORUM_COMMUNITY_GATE = {path!r} {problem}" in error.msg
    with pytest.raises(SystemCheckError, match=r"community\.E010"):
        call_command("check")
