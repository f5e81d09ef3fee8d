"""The pre-post nudge names the rule a draft likely breaks and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from decorum.community.models import Comment
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import Decision
from tests.community.conftest import make_page
from tests.conftest import login

pytestmark = pytest.mark.django_db
URL = "/comments/check-draft/"


@pytest.fixture(autouse=True)
def _screening(settings: Any) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    cache.clear()
    engine_adapter.clear_caches()


def test_a_draft_insult_is_named_before_posting_and_nothing_is_stored(
    client: Client, reader: Any
) -> None:
    page = make_page("Harbour bridge reopens after repairs")
    login(client, reader)
    html = client.get(page.url).content.decode()
    assert 'data-check-url="/comments/check-draft/"' in html and "nudge.js" in html
    response = client.post(
        URL, {"article": page.pk, "text": "You are a pathetic idiot and a moron."}
    )
    assert response.status_code == 200
    data = response.json()
    assert "insults_threats" in [r["id"] for r in data["rules"]]
    assert all(r["title"] for r in data["rules"])
    insult = next(r for r in data["rules"] if r["id"] == "insults_threats")
    assert insult["explanation"] and "reason" not in insult
    assert "scored" not in insult["explanation"] and "classifier" not in insult["explanation"]
    civil = client.post(URL, {"article": page.pk, "text": "Good to see the bridge open again."})
    assert civil.json()["rules"] == []
    assert Comment.objects.count() == 0 and Decision.objects.count() == 0


def test_the_nudge_needs_a_login_csrf_and_valid_input_and_is_rate_limited(
    reader: Any, settings: Any
) -> None:
    page = make_page("Library hours extended")
    anonymous = Client()
    assert anonymous.post(URL, {"article": page.pk, "text": "hi"}).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    login(strict, reader)
    assert strict.post(URL, {"article": page.pk, "text": "hello"}).status_code == 403
    client = login(Client(), reader)
    empty = client.post(URL, {"article": page.pk, "text": "   "})
    assert empty.status_code == 400 and empty.json()["code"] == "empty"
    missing = client.post(URL, {"article": "999999", "text": "hello"})
    assert missing.status_code == 400
    settings.DECORUM_ENFORCEMENT_NUDGE_PER_MINUTE = 2
    cache.clear()
    codes = [client.post(URL, {"article": page.pk, "text": "hello"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_status_of_a_comment_is_shown_to_its_author_only(
    client: Client, reader: Any, second_reader: Any, moderator: Any
) -> None:
    from decorum.community.actions import post_comment

    page = make_page("Tram timetable")
    comment = post_comment(author=reader, article=page, text="Trams every ten minutes now.")
    url = f"/comments/{comment.pk}/status/"
    login(client, reader)
    assert client.get(url).json() == {"id": comment.pk, "status": "pending", "checked": False}
    login(client, second_reader)
    assert client.get(url).status_code == 404
    login(client, moderator)
    assert client.get(url).status_code == 200


def test_the_nudge_warns_when_posting_would_block_the_account(client: Client, reader: Any) -> None:
    from decorum.community.models import CommentStatus
    from decorum.enforcement.models import StatusChange

    page = make_page("Harbour bridge reopens after repairs")
    login(client, reader)
    insult = {"article": page.pk, "text": "You are a pathetic idiot and a moron."}
    assert client.post(URL, insult).json()["warning"] == ""
    for n in range(2):
        old = Comment.objects.create(
            article=page, author=reader, text=f"old {n}", status=CommentStatus.REJECTED
        )
        StatusChange.objects.create(
            comment=old, from_status="pending", to_status=CommentStatus.REJECTED, by_system=True
        )
    data = client.post(URL, insult).json()
    assert data["action"] == "reject"
    assert "2 rejected comments within 7 days" in data["warning"]
    assert "blocks your account" in data["warning"]
    civil = client.post(URL, {"article": page.pk, "text": "Good to see the bridge open again."})
    assert civil.json()["warning"] == ""
    russian = Client(HTTP_ACCEPT_LANGUAGE="ru")
    login(russian, reader)
    ru = russian.post("/ru" + URL, insult).json()
    assert "заблокир" in ru["warning"]


def test_a_draft_reply_tells_the_engine_the_parent_and_its_author(
    reader: Any, second_reader: Any
) -> None:
    from django.utils import timezone

    from decorum.community.actions import post_comment
    from decorum.enforcement.screening import comment_facts

    page = make_page("Harbour bridge reopens after repairs")
    parent = post_comment(author=second_reader, article=page, text="The bridge looks great.")
    draft = Comment(
        article=page, author=reader, parent=parent, text="It does!", created_at=timezone.now()
    )
    facts = comment_facts(draft)
    assert (facts.comment_id, facts.parent_id) == ("draft", str(parent.pk))
    assert facts.parent_author == str(second_reader.public_id)
    assert facts.parent_text == "The bridge looks great." and facts.language == "en"
