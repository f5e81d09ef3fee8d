"""Short links, RSS/Atom feeds, the sitemap and article metadata, through HTTP."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # parsing our own server's output

import pytest
from django.test import Client

from decorum.news.models import ShortLink
from decorum.news.shortlinks import ALPHABET, LENGTH, short_link_for
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_every_published_article_gets_a_stable_short_link_that_counts_clicks(
    client: Client,
) -> None:
    article = make_article("Harbour bridge reopens", tags=["bridges"])
    html = client.get(article.url).content.decode()
    assert "Get short link" in html
    code = ShortLink.objects.get(article=article).code
    assert len(code) == LENGTH and set(code) <= set(ALPHABET)
    assert f"/s/{code}" in html
    response = client.get(f"/s/{code}")
    assert response.status_code == 301 and response["Location"] == article.url
    client.get(f"/s/{code}")
    assert ShortLink.objects.get(article=article).clicks == 2

    article.title = "Harbour bridge reopens after repairs"
    article.save_revision().publish()
    client.get(article.url)
    assert ShortLink.objects.get(article=article).code == code  # edits never change it
    assert client.get("/s/nosuch1").status_code == 404


def test_codes_do_not_collide_and_drafts_get_none() -> None:
    codes = {short_link_for(make_article(f"Article {i}")).code for i in range(40)}  # type: ignore[union-attr]
    assert len(codes) == 40
    assert short_link_for(make_article("Draft", live=False)) is None


def test_feeds_list_live_articles_per_site_section_and_tag(client: Client) -> None:
    make_article("Bridge opens", section="Politics", tags=["bridges"])
    make_article("Budget passes", section="Economy", tags=["budget"])
    make_article("Secret draft", section="Politics", live=False)
    rss = ET.fromstring(  # noqa: S314
        client.get("/feeds/rss/").content
    )
    titles = [t.text for t in rss.iter("item") for t in t.iter("title")]
    assert "Bridge opens" in titles and "Budget passes" in titles
    assert "Secret draft" not in titles
    atom = ET.fromstring(  # noqa: S314
        client.get("/feeds/atom/").content
    )
    ns = "{http://www.w3.org/2005/Atom}"
    assert len(list(atom.iter(f"{ns}entry"))) == 2
    section = ET.fromstring(  # noqa: S314
        client.get("/feeds/section/politics/rss/").content
    )
    assert [t.text for i in section.iter("item") for t in i.iter("title")] == ["Bridge opens"]
    tag = ET.fromstring(  # noqa: S314
        client.get("/feeds/tag/budget/atom/").content
    )
    assert [e.find(f"{ns}title").text for e in tag.iter(f"{ns}entry")] == ["Budget passes"]  # type: ignore[union-attr]
    assert client.get("/feeds/section/no-such-section/rss/").status_code == 404


def test_the_sitemap_lists_live_pages(client: Client) -> None:
    live = make_article("Bridge opens")
    make_article("Secret draft", live=False)
    body = client.get("/sitemap.xml").content.decode()
    assert live.slug in body and "secret-draft" not in body and "<lastmod>" in body


def test_article_pages_carry_open_graph_and_safe_json_ld(client: Client) -> None:
    article = make_article(
        "Bridge </script><script>alert(1)</script> opens", tags=["bridges"], image=True
    )
    html = client.get(article.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image" content="http://testserver/' in html
    assert '<meta property="article:tag" content="bridges">' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle" and "alert(1)" in data["headline"]
    assert "<script>alert(1)</script>" not in html
