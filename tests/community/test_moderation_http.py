"""Pre-moderation, reports and who sees what (the moderation page is tested in
tests/enforcement/test_moderation_page.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment, CommentReport, CommentStatus
from decorum.community.standards import current_standards
from tests.community.conftest import article_html, post
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def premoderated(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


def test_in_premoderation_a_pending_comment_is_visible_only_to_its_author(
    client: Any, reader: Any, second_reader: Any, premoderated: None, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "Awaiting review")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    own = article_html(client, article)
    assert "Awaiting review" in own
    assert 'class="status-badge status-badge--pending"' in own
    other = article_html(login(Client(), second_reader), article)
    assert "Awaiting review" not in other
    assert "Awaiting review" not in article_html(Client(), article)


def test_a_reader_reports_a_comment_choosing_a_rule(
    client: Any, reader: Any, second_reader: Any, article: Page, rule_id: str
) -> None:
    login(client, reader)
    post(client, article, "Questionable")
    comment = Comment.objects.get()
    other = login(Client(), second_reader)
    html = article_html(other, article)
    assert 'class="report-form"' in html
    for rule in current_standards().rules:
        assert f'<option value="{rule.id}">' in html
    response = other.post(f"/comments/{comment.pk}/report/", {"rule": rule_id, "note": "Looks off"})
    assert response.status_code == 302
    report = CommentReport.objects.get()
    assert (report.comment, report.reporter, report.rule, report.note) == (
        comment,
        second_reader,
        rule_id,
        "Looks off",
    )
    again = other.post(f"/comments/{comment.pk}/report/", {"rule": rule_id})
    assert again.status_code == 400
    assert "already reported" in again.content.decode()


def test_a_report_without_a_known_rule_is_refused_and_the_note_kept(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Questionable")
    comment = Comment.objects.get()
    other = login(Client(), second_reader)
    response = other.post(
        f"/comments/{comment.pk}/report/", {"rule": "made_up_rule", "note": "My reason"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the rule of the community standards" in body
    assert 'value="My reason"' in body
    assert not CommentReport.objects.exists()


def test_authors_cannot_report_their_own_comment(
    client: Any, reader: Any, article: Page, rule_id: str
) -> None:
    login(client, reader)
    post(client, article, "Mine")
    comment = Comment.objects.get()
    response = client.post(f"/comments/{comment.pk}/report/", {"rule": rule_id})
    assert response.status_code == 403
    assert not CommentReport.objects.exists()


def test_in_premoderation_an_authors_edit_sends_an_approved_comment_back_to_review(
    client: Any, reader: Any, moderator: Any, premoderated: None, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Harmless at first")
    comment = Comment.objects.get()
    mod = login(Client(), moderator)
    mod.post(f"/moderation/{comment.pk}/approve/")
    client.post(f"/comments/{comment.pk}/edit/", {"text": "Swapped after approval"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert "Swapped after approval" not in article_html(Client(), article)
    assert "Swapped after approval" in mod.get("/moderation/").content.decode()
    # A moderator's own edit does not send the comment back.
    mod.post(f"/moderation/{comment.pk}/approve/")
    mod.post(f"/comments/{comment.pk}/edit/", {"text": "Trimmed by a moderator"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
