"""Views are counted in the cache per request and flushed to the database in the background."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decorum.core.jobs import wait_for_jobs
from decorum.news.actions import FLUSH_GUARD_KEY, FLUSH_LOCK_KEY, flush_view_counts
from decorum.news.models import ArticleViewCount
from decorum.news.selectors import view_count
from tests.factories import make_article

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def no_automatic_flush(settings: Any) -> None:
    settings.DECORUM_NEWS_VIEW_FLUSH_EVERY = 10_000
    settings.DECORUM_NEWS_VIEW_FLUSH_SECONDS = 3600


def test_a_page_view_writes_nothing_to_the_database(
    client: Client, no_automatic_flush: None
) -> None:
    article = make_article("Counted story", image=True)
    client.get(article.url)  # first view: renditions, flush guard
    wait_for_jobs()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(article.url).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert view_count(article_id=article.pk) == 4


def test_views_are_counted_and_shown_before_and_after_a_flush(
    client: Client, no_automatic_flush: None
) -> None:
    article = make_article("Popular story")
    for _ in range(3):
        client.get(article.url)
    wait_for_jobs()
    assert not ArticleViewCount.objects.filter(article_id=article.pk, views__gte=3).exists()
    html = client.get(article.url).content.decode()
    assert 'data-views="4"' in html  # the view being rendered counts too
    assert flush_view_counts() >= 4
    assert ArticleViewCount.objects.get(article_id=article.pk).views == 4
    html = client.get(article.url).content.decode()
    assert 'data-views="5"' in html


def test_a_flush_is_scheduled_after_commit_every_n_views(
    client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DECORUM_NEWS_VIEW_FLUSH_EVERY = 5
    settings.DECORUM_NEWS_VIEW_FLUSH_SECONDS = 3600
    settings.DECORUM_JOBS_EAGER = True  # run the job in this thread, inside the test's database
    article = make_article("Story read five times")
    cache.set(FLUSH_GUARD_KEY, 1, 3600)  # a flush just happened, so only the count triggers one
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(4):
            client.get(article.url)
    assert not ArticleViewCount.objects.filter(article_id=article.pk).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(article.url)
    assert len(callbacks) == 1
    assert ArticleViewCount.objects.get(article_id=article.pk).views == 5


def test_home_page_shows_most_read_articles_by_views(
    client: Client, no_automatic_flush: None
) -> None:
    quiet = make_article("Quiet story")
    busy = make_article("Busy story")
    client.get(quiet.url)
    for _ in range(3):
        client.get(busy.url)
    wait_for_jobs()
    flush_view_counts()
    html = client.get("/").content.decode()
    most_read = html[html.index('id="most-read"') :]
    assert most_read.index("Busy story") < most_read.index("Quiet story")


def test_a_flush_is_scheduled_when_none_ran_recently(
    client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DECORUM_NEWS_VIEW_FLUSH_EVERY = 10_000
    settings.DECORUM_JOBS_EAGER = True
    article = make_article("Story read once")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(article.url)
    assert len(callbacks) == 1
    assert ArticleViewCount.objects.get(article_id=article.pk).views == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(article.url)  # the guard holds for DECORUM_NEWS_VIEW_FLUSH_SECONDS
    assert callbacks == []


def test_only_one_flush_runs_at_a_time(client: Client, no_automatic_flush: None) -> None:
    article = make_article("Story flushed twice")
    client.get(article.url)
    cache.set(FLUSH_LOCK_KEY, 1, 60)  # another worker is flushing
    assert flush_view_counts() == 0
    cache.delete(FLUSH_LOCK_KEY)
    assert flush_view_counts() == 1
    assert flush_view_counts() == 0
    assert view_count(article_id=article.pk) == 1
