"""Anonymous readers get cached article pages that go stale the moment anything they would see
changes; logged-in readers always get a fresh page; the Live updates cost a fixed number of
queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.community.actions import post_comment
from decorum.community.models import CommentStatus
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.news.models import ArticlePage
from decorum.news.page_cache import CACHE_HEADER
from decorum.news.selectors import view_count
from tests.conftest import login
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _post_moderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    settings.DECORUM_NEWS_VIEW_FLUSH_EVERY = 10_000
    settings.DECORUM_NEWS_VIEW_FLUSH_SECONDS = 3600


def fetch(client: Client, article: ArticlePage, query: str = "") -> tuple[str, str]:
    response = client.get(f"{article.url}{query}")
    assert response.status_code == 200
    return response.content.decode(), response.get(CACHE_HEADER, "")


def republish_with_title(article: ArticlePage, title: str) -> None:
    """What an editor's "Save draft" then "Publish" does."""
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = title
    draft.save_revision().publish()


def test_an_anonymous_reader_gets_the_cached_page_and_the_view_still_counts() -> None:
    article = make_article("Cached harbour story")
    client = Client()
    _html, state = fetch(client, article)
    assert state == "miss"
    html, state = fetch(client, article)
    assert state == "hit"
    assert view_count(article_id=article.pk) == 2
    assert 'data-views="2"' in html  # the counter shows the count, not the cached figure
    assert "2 views" in html


def test_a_cached_page_is_served_before_routing_with_one_query(
    django_assert_num_queries: Any,
) -> None:
    article = make_article("Cheap to serve")
    client = Client()
    fetch(client, article)
    with django_assert_num_queries(1):  # the flushed view count; routing is skipped
        html, state = fetch(client, article)
    assert state == "hit"
    assert "Cheap to serve" in html


def test_a_page_made_private_is_no_longer_served_from_the_cache() -> None:
    from wagtail.models import PageViewRestriction

    article = make_article("Members only soon")
    client = Client()
    fetch(client, article)
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_logged_in_reader_always_gets_a_fresh_page(reader: Any) -> None:
    article = make_article("Fresh for members")
    client = login(Client(), reader)
    for _ in range(2):
        html, state = fetch(client, article)
        assert state == ""
        assert 'name="csrfmiddlewaretoken"' in html
    assert view_count(article_id=article.pk) == 2


def test_publishing_an_edit_refreshes_the_cached_page() -> None:
    article = make_article("Original headline")
    client = Client()
    fetch(client, article)
    assert "Original headline" in fetch(client, article)[0]
    republish_with_title(article, "Corrected headline")
    html, state = fetch(client, article)
    assert state == "miss"
    assert "Corrected headline" in html
    assert "Original headline" not in html


def test_publishing_another_article_refreshes_the_related_list() -> None:
    article = make_article("Bridge vote", tags=["bridge"])
    client = Client()
    assert "Bridge tolls" not in fetch(client, article)[0]
    make_article("Bridge tolls announced", tags=["bridge"])
    html, state = fetch(client, article)
    assert state == "miss"
    assert "Bridge tolls announced" in html


def test_unpublishing_makes_the_cached_page_go_away() -> None:
    article = make_article("Withdrawn story")
    client = Client()
    fetch(client, article)
    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert client.get(article.url).status_code == 404


def test_a_new_published_comment_refreshes_the_cached_page(reader: Any) -> None:
    article = make_article("Commented story")
    anonymous = Client()
    fetch(anonymous, article)
    assert fetch(anonymous, article)[1] == "hit"
    response = login(Client(), reader).post(
        "/comments/post/", {"article": article.pk, "text": "A fresh remark on the ferry."}
    )
    assert response.status_code == 302
    html, state = fetch(anonymous, article)
    assert state == "miss"
    assert "A fresh remark on the ferry." in html


def test_a_comment_approved_by_a_moderator_appears_for_anonymous_readers(
    reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    article = make_article("Premoderated story")
    comment = post_comment(author=reader, article=article, text="Waiting for a moderator.")
    assert comment.status == CommentStatus.PENDING
    anonymous = Client()
    assert "Waiting for a moderator." not in fetch(anonymous, article)[0]
    assert fetch(anonymous, article)[1] == "hit"
    login(Client(), moderator).post(f"/moderation/{comment.pk}/approve/")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    html, state = fetch(anonymous, article)
    assert state == "miss"  # stale once the pending comment is published
    assert "Waiting for a moderator." in html


def test_a_moderators_removal_refreshes_the_cached_page(
    reader: Any, moderator: Any, rule_id: str
) -> None:
    article = make_article("Moderated story")
    comment = post_comment(author=reader, article=article, text="A remark that goes too far.")
    anonymous = Client()
    fetch(anonymous, article)
    assert "A remark that goes too far." in fetch(anonymous, article)[0]
    response = login(Client(), moderator).post(
        f"/moderation/{comment.pk}/reject/", {"rule": rule_id, "note": "over the line"}
    )
    assert response.status_code == 302
    html, state = fetch(anonymous, article)
    assert state == "miss"
    assert "A remark that goes too far." not in html


def test_the_author_sees_their_pending_comment_while_anonymous_readers_get_the_cache(
    reader: Any, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    article = make_article("Pending story")
    anonymous = Client()
    fetch(anonymous, article)
    author = login(Client(), reader)
    author.post("/comments/post/", {"article": article.pk, "text": "My pending thought."})
    assert "My pending thought." in fetch(author, article)[0]
    html, state = fetch(anonymous, article)
    assert "My pending thought." not in html
    assert state == "hit"  # a comment nobody else can see yet leaves the cached page alone


def test_pages_of_threads_and_other_queries_are_cached_apart(reader: Any, settings: Any) -> None:
    settings.DECORUM_COMMUNITY_THREADS_PER_PAGE = 1
    article = make_article("Paged story")
    first = post_comment(author=reader, article=article, text="The first thread.")
    post_comment(author=reader, article=article, text="The second thread.")
    client = Client()
    assert "The second thread." in fetch(client, article)[0]
    html, state = fetch(client, article, "?cpage=2")
    assert state == "miss"
    assert "The first thread." in html
    assert fetch(client, article, f"?reply={first.pk}")[1] == ""  # not cached at all


@pytest.fixture
def rule_id() -> str:
    from decorum.community.standards import current_standards

    return current_standards().rules[0].id


@pytest.mark.parametrize("count", [5, 30])
def test_live_updates_cost_the_same_queries_for_5_and_30_items(
    count: int, client: Client, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        make_article(f"Live item {number}", section="World" if number % 2 else "Politics")
    client.get("/live/updates/")  # warm per-process caches (content types, site root paths)
    with django_assert_num_queries(LIVE_UPDATES_QUERIES):
        items = client.get("/live/updates/").json()["items"]
    assert len(items) == min(count, 20)
    assert {item["section"] for item in items} == {"World", "Politics"}


LIVE_UPDATES_QUERIES = 4


def test_a_moderator_approval_of_a_rejected_comment_refreshes_the_page(
    reader: Any, moderator: Any, rule_id: str
) -> None:
    article = make_article("Appealed story")
    comment = post_comment(author=reader, article=article, text="Rejected then restored.")
    reject_comment(comment=comment, moderator=moderator, rule=rule_id)
    anonymous = Client()
    assert "Rejected then restored." not in fetch(anonymous, article)[0]
    approve_comment(comment=comment, moderator=moderator)
    assert "Rejected then restored." in fetch(anonymous, article)[0]
