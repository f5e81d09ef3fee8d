"""The Live page and its updates, and "most read" / "most commented" in the last 24 hours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from decorum.community.actions import post_comment
from decorum.news.actions import flush_view_counts, record_view
from decorum.news.models import ArticleViewHour
from decorum.news.selectors import most_commented_24h, most_read_24h
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_live_lists_newest_first_and_the_updates_return_only_newer_items(client: Client) -> None:
    now = timezone.now()
    old = make_article("Morning briefing", published_at=now - timedelta(hours=3))
    new = make_article("Noon update", published_at=now - timedelta(hours=1))
    make_article("Unpublished", live=False)
    html = client.get("/live/").content.decode()
    assert html.index("Noon update") < html.index("Morning briefing")
    assert "Unpublished" not in html
    since = (now - timedelta(hours=2)).isoformat()
    data = client.get("/live/updates/", {"since": since}).json()
    assert [i["id"] for i in data["items"]] == [new.pk]
    assert data["items"][0]["url"] == new.url
    everything = client.get("/live/updates/").json()["items"]
    assert [i["id"] for i in everything] == [new.pk, old.pk]
    bad = client.get("/live/updates/", {"since": "yesterday"})
    assert bad.status_code == 400 and "ISO 8601" in bad.json()["message"]


def test_most_read_counts_only_the_last_24_hours(settings: Any) -> None:
    cache.clear()
    fresh, stale = make_article("Fresh story"), make_article("Stale story")
    for _ in range(3):
        record_view(article_id=fresh.pk)
    for _ in range(5):
        record_view(article_id=stale.pk)
    flush_view_counts()
    ArticleViewHour.objects.filter(article=stale).update(hour=timezone.now() - timedelta(hours=30))
    assert [a.pk for a in most_read_24h()] == [fresh.pk]


def test_most_commented_counts_published_comments_of_the_last_day(
    reader: Any, second_reader: Any, client: Client
) -> None:
    busy, quiet = make_article("Busy thread"), make_article("Quiet thread")
    for author in (reader, second_reader):
        post_comment(author=author, article=busy, text="Interesting", screen=False)
    post_comment(author=reader, article=quiet, text="Hm", screen=False)
    post_comment(
        author=reader,
        article=quiet,
        text="Old",
        screen=False,
        enforce_rate_limit=False,
        created_at=timezone.now() - timedelta(days=2),
    )
    assert [a.pk for a in most_commented_24h()] == [busy.pk, quiet.pk]
    html = client.get("/live/").content.decode()
    box = html[html.index('id="most-commented-24h"') :]
    assert box.index("Busy thread") < box.index("Quiet thread")
