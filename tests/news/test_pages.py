"""Reader-facing news pages through HTTP: home, sections, "All news", tags and articles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decorum.news.models import ArticlePage
from tests.factories import make_article, make_site_tree

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_home_lists_latest_articles_newest_first(client: Client) -> None:
    now = timezone.now()
    make_article("Older story about ferries", published_at=now - timedelta(days=2))
    make_article("Newest story about bridges", published_at=now)
    html = _html(client.get("/"))
    assert 'id="latest-news"' in html
    assert html.index("Newest story about bridges") < html.index("Older story about ferries")


def test_navigation_lists_the_sections(client: Client) -> None:
    make_site_tree(("Politics", "Sport"))
    html = _html(client.get("/"))
    assert 'href="/politics/">Politics</a>' in html
    assert 'href="/sport/">Sport</a>' in html


def test_section_page_lists_only_its_own_articles(client: Client) -> None:
    tree = make_site_tree(("Politics", "Sport"))
    make_article("Vote on the harbour budget", section=tree.sections["Politics"])
    make_article("Rowing club wins again", section=tree.sections["Sport"])
    html = _html(client.get(tree.sections["Sport"].url))
    assert "Rowing club wins again" in html
    assert "Vote on the harbour budget" not in html


def test_all_news_paginates_chronologically(client: Client, settings: Any) -> None:
    settings.DECORUM_NEWS_PAGE_SIZE = 3
    tree = make_site_tree()
    now = timezone.now()
    for number in range(7):
        make_article(f"Story number {number}", published_at=now - timedelta(hours=number))
    first = _html(client.get(tree.all_news.url))
    assert "Story number 0" in first and "Story number 2" in first
    assert "Story number 3" not in first
    assert "Page 1 of 3" in first
    third = _html(client.get(tree.all_news.url, {"page": 3}))
    assert "Story number 6" in third and "Story number 5" not in third


def test_tag_page_lists_tagged_articles_and_404s_for_unknown_tags(client: Client) -> None:
    make_article("Comet seen from rooftops", tags=["astronomy"])
    make_article("Ferry timetable agreed", tags=["transport"])
    html = _html(client.get("/tags/astronomy/"))
    assert "Comet seen from rooftops" in html
    assert "Ferry timetable agreed" not in html
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_drafts_and_scheduled_articles_are_hidden_from_readers(client: Client) -> None:
    make_article("Draft about the budget", live=False)
    scheduled = make_article(
        "Scheduled piece on the regatta", go_live_at=timezone.now() + timedelta(days=1)
    )
    make_article("Published piece on the library")
    home = _html(client.get("/"))
    assert "Published piece on the library" in home
    assert "Draft about the budget" not in home
    assert "Scheduled piece on the regatta" not in home
    assert not ArticlePage.objects.get(pk=scheduled.pk).live
    assert client.get("/politics/draft-about-the-budget/").status_code == 404
    assert client.get("/politics/scheduled-piece-on-the-regatta/").status_code == 404


def test_article_page_shows_every_part(client: Client) -> None:
    other = make_article("Linked story about trams", tags=["trams"])
    article = make_article(
        "Harbour reopens after repairs",
        lead="Boats return to the inner harbour on Monday.",
        tags=["harbour", "Riverton"],
        image=True,
        byline="Mara Ellison",
        source="Decorum desk",
    )
    article.body = [
        ("paragraph", "<p>The <b>crane</b> was lifted out.</p>"),
        ("quote", {"text": "We are open again.", "attribution": "Harbour master"}),
        ("related_article", {"article": other}),
        (
            "external_post",
            {"url": "https://social.example.org/@x/1", "text": "Boats are back!", "author": "X"},
        ),
    ]
    article.save_revision().publish()
    html = _html(client.get(article.url))
    assert '<h1 id="article-headline">Harbour reopens after repairs</h1>' in html
    assert "Boats return to the inner harbour on Monday." in html
    assert "Caption for Harbour reopens after repairs" in html
    assert "Decorum test desk" in html
    assert "By Mara Ellison" in html and "Decorum desk" in html
    assert 'id="article-published"' in html
    assert "The <b>crane</b> was lifted out." in html
    assert "We are open again." in html and "Harbour master" in html
    assert 'class="block-related"' in html and "Linked story about trams" in html
    assert "Boats are back!" in html and 'href="https://social.example.org/@x/1"' in html
    assert 'href="/tags/harbour/"' in html and 'href="/tags/riverton/"' in html
    assert 'id="comments-area"' in html


def test_article_text_is_escaped(client: Client) -> None:
    article = make_article(
        "Headline with <script>alert(1)</script>", lead="Lead <img src=x onerror=alert(1)>"
    )
    html = _html(client.get(article.url))
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in html


def test_related_list_puts_editor_picks_first_then_most_shared_tags(client: Client) -> None:
    picked = make_article("Editor pick with no shared tags", tags=["unrelated"])
    one_tag = make_article("Shares one tag", tags=["rivers"])
    two_tags = make_article("Shares two tags", tags=["rivers", "bridges"])
    make_article("Shares nothing", tags=["opera"])
    article = make_article(
        "Main story on river bridges", tags=["rivers", "bridges"], related=[picked]
    )
    html = _html(client.get(article.url))
    related = html[html.index('id="related-articles"') :]
    assert "Shares nothing" not in related
    assert "Main story on river bridges" not in related
    positions = [related.index(t.title) for t in (picked, two_tags, one_tag)]
    assert positions == sorted(positions)


def test_home_renders_in_bounded_queries(client: Client) -> None:
    for number in range(12):
        make_article(f"Bounded story {number}", image=number % 2 == 0, tags=["x"])
    client.get("/")  # warm caches and create image renditions once
    with CaptureQueriesContext(connection) as queries:
        _html(client.get("/"))
    # 14 before editions, plus the edition's locale and the page's versions (switcher).
    assert len(queries) <= 16, [q["sql"] for q in queries]


def test_section_page_renders_in_bounded_queries(client: Client) -> None:
    tree = make_site_tree()
    section = tree.sections["Politics"]
    for number in range(10):
        make_article(f"Section story {number}", section=section, image=True)
    client.get(section.url)
    with CaptureQueriesContext(connection) as queries:
        _html(client.get(section.url))
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_a_scheduled_article_appears_once_its_time_has_come(client: Client) -> None:
    import time_machine
    from django.core.management import call_command

    go_live = timezone.now() + timedelta(hours=2)
    make_article("Regatta results at noon", go_live_at=go_live)
    assert "Regatta results at noon" not in _html(client.get("/"))
    with time_machine.travel(go_live + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)  # what decorum serve runs every minute
        assert "Regatta results at noon" in _html(client.get("/"))


@pytest.mark.parametrize("path", ["/all-news/", "/tags/shared/"])
def test_feed_and_tag_pages_render_in_bounded_queries(client: Client, path: str) -> None:
    for number in range(10):
        make_article(f"Feed story {number}", image=True, tags=["shared"])
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        html = _html(client.get(path))
    assert "Feed story 9" in html
    assert len(queries) <= 12, [q["sql"] for q in queries]
