"""The moderator workspace over HTTP: queues, filters, evidence, bulk decisions, permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.community.actions import post_comment, report_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement.models import AuditEntry, Decision
from tests.community.conftest import make_page
from tests.conftest import login
from tests.enforcement.conftest import screened

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> you are a pathetic idiot and a moron"


@pytest.fixture(autouse=True)
def _screening(screening_on: None, settings: Any) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 1000


def test_an_engine_rejection_shows_its_evidence_safely_and_a_moderator_approves_it(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = make_page("Harbour bridge reopens")
    comment = screened(reader, page, HOSTILE, django_capture_on_commit_callbacks)
    assert comment.status == CommentStatus.REJECTED
    login(client, moderator)
    html = client.get("/moderation/?queue=engine_rejected").content.decode()
    assert f'data-comment-id="{comment.pk}"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "<mark" in html and 'data-rule="insults_threats"' in html
    assert "1 rejected" in html  # the author's standing
    counts = client.get("/moderation/").context["counts"]
    assert counts["engine_rejected"] == 1

    response = client.post(
        f"/moderation/{comment.pk}/approve/", {"queue": "engine_rejected", "note": "sarcasm"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert Decision.objects.filter(comment=comment).latest().moderator == moderator
    assert client.get("/moderation/").context["counts"]["engine_rejected"] == 0
    log = client.get("/moderation/audit/").content.decode()
    assert "comment.allow" in log and "comment.engine_reject" in log


def test_filters_by_rule_edition_and_article(
    client: Client, reader: Any, second_reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    bridge, library = make_page("Bridge"), make_page("Library")
    spammy = post_comment(author=reader, article=bridge, text="Buy cheap watches here")
    calm = post_comment(author=reader, article=library, text="Open on Sundays now")
    report_comment(comment=spammy, reporter=second_reader, rule="spam")
    report_comment(comment=calm, reporter=second_reader, rule="off_topic")
    login(client, moderator)
    reported = client.get("/moderation/?queue=reported&rule=spam").context["items"]
    assert [c.pk for c in reported] == [spammy.pk]
    by_article = client.get(f"/moderation/?queue=reported&article={library.pk}").context["items"]
    assert [c.pk for c in by_article] == [calm.pk]
    assert client.get("/moderation/?queue=reported&edition=ru").context["items"] == []
    assert len(client.get("/moderation/?queue=reported&edition=en").context["items"]) == 2


def test_bulk_decisions_go_through_the_actions(
    client: Client, reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    page = make_page("Tram timetable")
    comments = [post_comment(author=reader, article=page, text=f"Tram {i}") for i in range(4)]
    login(client, moderator)
    ids = [str(c.pk) for c in comments]
    assert (
        client.post("/moderation/bulk/", {"ids": ids[:2], "action": "approve"}).status_code == 302
    )
    no_rule = client.post("/moderation/bulk/", {"ids": ids[2:], "action": "reject"})
    assert no_rule.status_code == 302
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 2
    client.post("/moderation/bulk/", {"ids": ids[2:], "action": "reject", "rule": "spam"})
    statuses = sorted(Comment.objects.values_list("status", flat=True))
    assert statuses == ["published", "published", "rejected", "rejected"]
    assert AuditEntry.objects.filter(action="comment.reject").count() == 2


def test_readers_reach_no_moderator_page_or_action(
    client: Client, reader: Any, second_reader: Any, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    comment = post_comment(author=second_reader, article=make_page("Bridge"), text="Hello")
    login(client, reader)
    for url in ("/moderation/", "/moderation/audit/", "/moderation/appeals/"):
        assert client.get(url).status_code == 403, url
    posts = {
        "/moderation/bulk/": {"ids": [str(comment.pk)], "action": "approve"},
        f"/moderation/{comment.pk}/approve/": {},
        f"/moderation/{comment.pk}/reject/": {"rule": "spam"},
        f"/moderation/users/{second_reader.public_id}/block/": {"scope": "site", "reason": "x"},
        f"/moderation/users/{second_reader.public_id}/delete/": {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    comment.refresh_from_db()
    second_reader.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and second_reader.is_active


def test_the_queue_renders_in_the_same_number_of_queries_for_5_or_30_items(
    client: Client, reader: Any, moderator: Any, settings: Any, django_assert_num_queries: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    page = make_page("Bridge")
    for i in range(5):
        post_comment(author=reader, article=page, text=f"Early {i}")
    login(client, moderator)
    client.get("/moderation/")  # warm per-process caches (standards, policy)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/moderation/")
    for i in range(25):
        post_comment(author=reader, article=page, text=f"Late {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/moderation/")
    assert len(response.context["items"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_item_shows_what_came_before_and_the_authors_earlier_decisions(
    client: Client,
    reader: Any,
    second_reader: Any,
    moderator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = make_page("Harbour bridge reopens")
    screened(
        second_reader,
        page,
        "The bridge looks great after the repairs.",
        django_capture_on_commit_callbacks,
    )
    earlier = screened(reader, page, HOSTILE, django_capture_on_commit_callbacks)
    assert earlier.status == CommentStatus.REJECTED
    later = screened(
        reader,
        page,
        "You are a pathetic idiot, just like the last one.",
        django_capture_on_commit_callbacks,
    )
    login(client, moderator)
    html = client.get("/moderation/?queue=engine_rejected").content.decode()
    item = html[html.index(f'data-comment-id="{later.pk}"') :]
    # No reply-to: the workspace shows the published comment posted just before it.
    assert "Just before" in item and "The bridge looks great after the repairs." in item
    history = item[item.index('class="queue-history"') :]
    assert f'data-comment-id="{earlier.pk}"' in history[: history.index("</ul>")]


def test_a_moderators_edit_is_kept_as_a_revision_and_labelled(
    client: Client, reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    page = make_page("Bridge")
    comment = post_comment(author=reader, article=page, text="Call me on +44 20 7946 0958 now")
    login(client, moderator)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Call me [number removed]"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Call me [number removed]" and comment.last_edited_by == moderator
    revision = comment.revisions.get()
    assert revision.text == "Call me on +44 20 7946 0958 now"
    assert "edited by a moderator" in client.get("/moderation/?queue=approved").content.decode()
    client.logout()
    assert "edited by a moderator" in client.get(page.url).content.decode()


def _item_text(html: str, comment_id: int) -> str:
    """The marked-up comment text of one queue item."""
    item = html[html.index(f'data-comment-id="{comment_id}"') :]
    start = item.index('class="comment-text queue-text">') + len('class="comment-text queue-text">')
    return item[start : item.index("</div>", start)]


def test_the_insult_is_marked_from_the_engine_spans_and_markup_in_the_comment_is_escaped(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = make_page("Harbour bridge reopens")
    script = screened(reader, page, HOSTILE, django_capture_on_commit_callbacks)
    tagged = screened(
        reader,
        page,
        'Is this a joke? You are a pathetic <b onmouseover="alert(2)">idiot</b>',
        django_capture_on_commit_callbacks,
    )
    assert script.status == tagged.status == CommentStatus.REJECTED
    login(client, moderator)
    html = client.get("/moderation/?queue=engine_rejected").content.decode()

    assert "<script>alert(1)" not in html and "<b onmouseover" not in html
    script_text = _item_text(html, script.pk)
    assert script_text.startswith("&lt;script&gt;alert(1)&lt;/script&gt; ")
    tagged_text = _item_text(html, tagged.pk)
    assert tagged_text.startswith("Is this a joke? ")
    assert '&lt;b onmouseover=&quot;alert(2)&quot;&gt;<mark data-rule="insults_threats">' in (
        tagged_text
    )
    for shown in (script_text, tagged_text):
        marked = [part.split(">", 1)[1] for part in shown.split("</mark>")[:-1]]
        assert any("idiot" in m for m in marked), shown
        assert not {m.strip().casefold() for m in marked} & {"is", "a", "are", "you"}, shown
        assert "<" not in "".join(marked)  # the marked text itself is escaped


def test_a_comment_edited_after_the_check_shows_no_stale_marks(
    client: Client,
    reader: Any,
    moderator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = make_page("Harbour bridge reopens")
    comment = screened(reader, page, HOSTILE, django_capture_on_commit_callbacks)
    assert comment.status == CommentStatus.REJECTED
    login(client, moderator)
    # A moderator's edit is not checked again, so the engine's offsets index the old text.
    # The old spans (36-44, 45-50) still fall inside the new text, on other characters.
    edited = "[markup removed] you are a pathetic idiot and a moron"
    assert client.post(f"/comments/{comment.pk}/edit/", {"text": edited}).status_code == 302
    html = client.get("/moderation/?queue=engine_rejected").content.decode()
    assert _item_text(html, comment.pk) == edited
    decision = Decision.objects.filter(comment=comment).latest()
    assert decision.text_checked == HOSTILE and decision.findings
