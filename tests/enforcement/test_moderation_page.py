"""The moderation page over HTTP: the queue, approving and rejecting a comment, who may."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.enforcement.models import StatusChange
from tests.community.conftest import article_html, make_page, post
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _post_moderation(settings: Any) -> None:
    """Post-moderation unless a test says otherwise (the root conftest empties the cache)."""
    settings.DECORUM_COMMUNITY_PREMODERATION = False


@pytest.fixture
def premoderated(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


@pytest.fixture
def article(db: Any) -> Page:
    return make_page()


@pytest.fixture
def rule_id() -> str:
    return current_standards().rules[0].id


def test_a_moderator_approves_a_pending_comment_from_the_moderation_page(
    client: Any, reader: Any, moderator: Any, premoderated: None, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Please publish me")
    comment = Comment.objects.get()
    mod = login(Client(), moderator)
    queue = mod.get("/moderation/")
    assert queue.status_code == 200
    body = queue.content.decode()
    assert "Please publish me" in body
    assert article.title in body
    assert "Rita Reader" in body
    response = mod.post(f"/moderation/{comment.pk}/approve/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    change = StatusChange.objects.filter(comment=comment).last()
    assert change is not None
    assert (change.from_status, change.to_status, change.actor) == (
        "pending",
        "published",
        moderator,
    )
    assert "Please publish me" in article_html(Client(), article)
    assert "Please publish me" not in mod.get("/moderation/").content.decode()


def test_a_moderator_rejects_citing_a_rule_and_the_author_sees_the_status(
    client: Any,
    reader: Any,
    second_reader: Any,
    moderator: Any,
    premoderated: None,
    article: Page,
    rule_id: str,
) -> None:
    login(client, reader)
    post(client, article, "Buy cheap watches")
    comment = Comment.objects.get()
    mod = login(Client(), moderator)
    refused = mod.post(f"/moderation/{comment.pk}/reject/", {"rule": ""})
    assert refused.status_code == 400
    assert "Choose the rule" in refused.content.decode()
    response = mod.post(f"/moderation/{comment.pk}/reject/", {"rule": rule_id, "note": "ad"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    change = StatusChange.objects.filter(comment=comment).last()
    assert change is not None
    assert (change.to_status, change.rule, change.note) == ("rejected", rule_id, "ad")
    own = article_html(client, article)
    assert "Buy cheap watches" in own
    assert 'class="status-badge status-badge--rejected"' in own
    assert "Buy cheap watches" not in article_html(login(Client(), second_reader), article)


def test_readers_cannot_reach_the_moderation_page_or_approve(
    client: Any, reader: Any, second_reader: Any, premoderated: None, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Let me in")
    comment = Comment.objects.get()
    anonymous = Client()
    assert "/accounts/login/" in anonymous.get("/moderation/")["Location"]
    other = login(Client(), second_reader)
    assert other.get("/moderation/").status_code == 403
    assert other.post(f"/moderation/{comment.pk}/approve/").status_code == 403
    assert client.post(f"/moderation/{comment.pk}/approve/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_editors_without_the_permission_cannot_moderate(editor: Any, premoderated: None) -> None:
    assert login(Client(), editor).get("/moderation/").status_code == 403


def test_superusers_can_moderate(admin_user: Any) -> None:
    assert login(Client(), admin_user).get("/moderation/").status_code == 200


def test_the_moderation_page_lists_in_bounded_queries(
    client: Any,
    reader: Any,
    moderator: Any,
    premoderated: None,
    article: Page,
    django_assert_max_num_queries: Any,
    settings: Any,
) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 1000
    settings.DECORUM_COMMUNITY_RATE_PER_IP = 1000
    login(client, reader)
    for number in range(40):
        post(client, article, f"Queued {number}")
    mod = login(Client(), moderator)
    # 18 before each item showed the author's earlier decisions (one query for the page).
    with django_assert_max_num_queries(19):
        response = mod.get("/moderation/")
    assert response.content.decode().count('class="queue-item"') == 30
    assert "Queued 35" in mod.get("/moderation/?page=2").content.decode()


def test_the_wagtail_admin_menu_links_moderators_to_the_queue(moderator: Any, editor: Any) -> None:
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    body = login(Client(), moderator).get("/admin/").content.decode()
    assert "/moderation/" in body
    assert "/moderation/" not in login(Client(), editor).get("/admin/").content.decode()


def test_reported_comments_are_listed_for_moderators_who_can_reject_them(
    client: Any,
    reader: Any,
    second_reader: Any,
    outsider: Any,
    moderator: Any,
    article: Page,
    rule_id: str,
    django_assert_max_num_queries: Any,
) -> None:
    login(client, reader)
    post(client, article, "Reported twice")
    post(client, article, "Reported once")
    post(client, article, "Never reported")
    twice, once = (
        Comment.objects.get(text="Reported twice"),
        Comment.objects.get(text="Reported once"),
    )
    for user in (second_reader, outsider):
        login(Client(), user).post(f"/comments/{twice.pk}/report/", {"rule": rule_id, "note": "n"})
    login(Client(), second_reader).post(f"/comments/{once.pk}/report/", {"rule": rule_id})
    mod = login(Client(), moderator)
    with django_assert_max_num_queries(18):
        body = mod.get("/moderation/?queue=reported").content.decode()
    assert body.index("Reported twice") < body.index("Reported once")
    assert "Never reported" not in body
    assert body.count('class="queue-report"') == 3
    assert current_standards().rule(rule_id).title in body  # type: ignore[union-attr]
    response = mod.post(f"/moderation/{twice.pk}/reject/", {"rule": rule_id, "queue": "reported"})
    assert response["Location"].endswith("?queue=reported")
    twice.refresh_from_db()
    assert twice.status == CommentStatus.REJECTED
    assert "Reported twice" not in mod.get("/moderation/?queue=reported").content.decode()
