"""The news site's listing basics through HTTP: dates on Live, the lead story, "Most read"
once, the "Read more" card, the Multimedia link, texts cut between words, card-styled lists."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

import decorum
from decorum.demo.build import load_demo_content_once
from decorum.news.models import ArticlePage, MultimediaPage
from decorum.news.templatetags.news_tags import clip
from tests.conftest import login
from tests.factories import make_article, make_edition, make_site_tree

pytestmark = pytest.mark.django_db

LONG_LEAD = (
    "The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt "
    "over two summers, with the ferry terminal staying open throughout the extraordinary "
    "construction programme announced yesterday."
)


def _html(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_live_shows_the_day_for_items_that_are_not_from_today(client: Client) -> None:
    # Noon UTC, so "two days ago" is another calendar day in the site's time zone too.
    with time_machine.travel(timezone.now().replace(hour=12, minute=0), tick=False):
        now = timezone.now()
        make_article("Fresh this morning", published_at=now - timedelta(minutes=30))
        old = make_article("From two days ago", published_at=now - timedelta(days=2))
        html = _html(client.get("/live/"))
    items = dict(re.findall(r'datetime="[^"]+">([^<]+)</time>.*?<a href="[^"]+">([^<]+)</a>', html))
    by_title = {title: when for when, title in items.items()}
    assert re.fullmatch(r"\d\d:\d\d", by_title["Fresh this morning"])
    old_local = timezone.localtime(old.published_at)
    assert by_title["From two days ago"] == f"{old_local.day} {old_local:%b}, {old_local:%H:%M}"


def test_the_home_page_has_one_lead_story_and_most_read_once(client: Client) -> None:
    now = timezone.now()
    make_article("Yesterday's council vote", published_at=now - timedelta(days=1), image=True)
    make_article("The newest story", lead=LONG_LEAD, published_at=now, image=True)
    html = _html(client.get("/"))
    lead = html[
        html.index('id="lead-story"') : html.index("</article>", html.index('id="lead-story"'))
    ]
    assert "The newest story" in lead and LONG_LEAD in lead  # the whole lead, not cut
    assert "fill-1280x720" in lead or 'width="1280"' in lead  # the large picture
    assert html.count('id="lead-story"') == 1
    cards = html[html.index('class="article-list"') :]
    assert "Yesterday&#x27;s council vote" in cards and "The newest story" not in cards
    assert html.count(">Most read<") == 1 and "Most read (24 hours)" not in html
    assert 'id="most-commented-24h"' in html


def test_card_leads_are_cut_between_words(client: Client) -> None:
    assert clip(LONG_LEAD, 60) == "The harbour authority confirmed on Tuesday that the…"
    assert clip("Short lead.", 60) == "Short lead."
    now = timezone.now()
    make_article("The lead story", published_at=now)
    make_article(
        "A card with a long lead", lead=LONG_LEAD * 2, published_at=now - timedelta(hours=1)
    )
    html = _html(client.get("/"))
    card_lead = re.search(r'<p class="card-lead">([^<]+)</p>', html)
    assert card_lead is not None
    shown = card_lead.group(1)
    assert shown.endswith("…") and len(shown) <= 200
    assert (LONG_LEAD * 2).startswith(shown[:-1]) and (LONG_LEAD * 2)[len(shown) - 1] == " "
    live = _html(client.get("/live/"))
    live_leads = re.findall(r'<p class="card-lead live-lead">([^<]+)</p>', live)
    cut = next(lead for lead in live_leads if lead.endswith("…"))
    assert len(cut) <= 160 and (LONG_LEAD * 2)[len(cut) - 1] == " "


def test_the_read_more_card_is_labelled_and_translated(client: Client) -> None:
    target = make_article("The earlier report", lead="What the council said in March.")
    article = make_article("Follow-up story")
    article.body.append(("related_article", {"article": target}))
    article.save_revision().publish()
    html = _html(client.get(ArticlePage.objects.get(pk=article.pk).url))
    card = html[html.index('class="block-related"') :]
    assert "Read more" in card[:600] and "The earlier report" in card[:800]

    russian = make_edition("ru", {"Politics": "Политика"})
    other = make_article("Прошлый репортаж", section=russian.sections["Politics"])
    story = make_article("Новый репортаж", section=russian.sections["Politics"])
    story.body.append(("related_article", {"article": other}))
    story.save_revision().publish()
    ru_html = _html(client.get(ArticlePage.objects.get(pk=story.pk).url))
    assert "Читайте также" in ru_html and "Read more" not in ru_html


def test_the_demo_articles_use_the_read_more_card_in_both_editions(client: Client) -> None:
    load_demo_content_once(stdout=io.StringIO())
    for language, label in (("en", "Read more"), ("ru", "Читайте также")):
        using = [
            a
            for a in ArticlePage.objects.live().filter(locale__language_code=language)
            if any(b.block_type == "related_article" for b in a.body)
        ]
        assert using, language
        html = _html(client.get(using[0].url))
        assert 'class="block-related"' in html and label in html


def test_the_multimedia_page_is_linked_from_the_header_and_the_footer(client: Client) -> None:
    tree = make_site_tree()
    media = MultimediaPage(title="Multimedia", slug="multimedia")
    tree.home.add_child(instance=media)
    media.save_revision().publish()
    html = _html(client.get("/"))
    header = html[
        html.index('id="section-nav"') : html.index("</nav>", html.index('id="section-nav"'))
    ]
    assert 'href="/multimedia/"' in header
    footer = html[html.index('id="site-footer"') :]
    assert 'id="footer-multimedia"' in footer and 'href="/multimedia/"' in footer
    assert _html(client.get("/multimedia/"))


def test_live_search_and_recommended_use_the_card_styles(client: Client, reader: Any) -> None:
    make_article("Harbour works begin", section="Politics", lead="The harbour is closed.")
    live = _html(client.get("/live/"))
    assert 'class="card-title"' in live and 'class="card-section">Politics<' in live
    assert 'class="ranked-list"' in live and 'class="section-heading"' in live
    search = _html(client.get("/search/", {"q": "harbour"}))
    assert 'class="search-result"' in search
    login(client, reader)
    profile = _html(client.get("/profile/"))
    assert "community/comments.css" in profile and 'class="settings-links"' in profile
    css = (Path(decorum.__file__).parent / "static" / "decorum" / "site.css").read_text()
    for selector in (
        ".live-item",
        ".ranked-list",
        ".search-result",
        ".settings-links",
        ".lead-story",
    ):
        assert selector + " " in css or selector + "," in css, selector
