"""Writes for the news site: view counting (cache on the request path, database in the background).

How views are counted: each article view does one atomic ``cache.incr`` of the article's pending
counter and of a global tick. Every ``DECORUM_NEWS_VIEW_FLUSH_EVERY`` views, or when
``DECORUM_NEWS_VIEW_FLUSH_SECONDS`` have passed since the last flush, a background job
(``core.jobs.enqueue_on_commit``) moves the pending counts into ``ArticleViewCount``; it
subtracts exactly what it read, so views that arrive during a flush are kept for the next one.
No database write happens on the request path of a page view. While the cache (Redis in
production) cannot be reached, views are not counted and a warning is logged (at most once a
minute): the page is served all the same.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from decorum.core.cache import CacheUnavailable, RateLimitedWarning
from decorum.core.jobs import enqueue_on_commit
from decorum.news import app_settings
from decorum.news.selectors import PENDING_VIEWS_KEY, forget_cached_navigation

TICK_KEY = "news:views:tick"
FLUSH_GUARD_KEY = "news:views:flushed-recently"
FLUSH_LOCK_KEY = "news:views:flush-lock"
FLUSH_LOCK_SECONDS = 120
# Pending counters outlive any sensible flush interval; a lost counter loses only views.
PENDING_TTL = 7 * 24 * 3600

logger = logging.getLogger(__name__)
_skipped_warning = RateLimitedWarning(logger)


def _incr(key: str) -> int:
    try:
        return cache.incr(key)
    except CacheUnavailable:
        raise
    except ValueError:
        if cache.add(key, 1, PENDING_TTL):
            return 1
        return cache.incr(key)


def record_view(*, article_id: int) -> None:
    """Count one view in the cache; schedule a flush every N views or T seconds. Skipped,
    with a warning, while the cache cannot be reached."""
    try:
        _incr(PENDING_VIEWS_KEY.format(article_id))
        tick = _incr(TICK_KEY)
    except CacheUnavailable as err:
        _skipped_warning.warn("View counts are skipped: the cache cannot be reached (%s)", err)
        return
    due_by_count = tick % app_settings.view_flush_every() == 0
    due_by_time = cache.add(FLUSH_GUARD_KEY, 1, app_settings.view_flush_seconds())
    if due_by_count or due_by_time:
        enqueue_on_commit(flush_view_counts)


def flush_view_counts() -> int:
    """Move pending view counts from the cache into the database; returns views moved.

    Runs as a background job. Reads every live article's pending counter in one
    ``get_many`` and decrements by what it read, so concurrent views are not lost.
    """
    from decorum.news.models import ArticlePage, ArticleViewCount

    # One flusher at a time (several workers may schedule one): two would count views twice.
    if not cache.add(FLUSH_LOCK_KEY, 1, FLUSH_LOCK_SECONDS):
        return 0
    try:
        return _flush(ArticlePage, ArticleViewCount)
    finally:
        cache.delete(FLUSH_LOCK_KEY)


def _flush(article_model: Any, count_model: Any) -> int:
    ids = list(article_model.objects.values_list("pk", flat=True))
    keys = {PENDING_VIEWS_KEY.format(pk): pk for pk in ids}
    pending = cache.get_many(list(keys))
    moved = 0
    for key, value in pending.items():
        count = int(value or 0)
        if count <= 0:
            continue
        article_id = keys[key]
        with transaction.atomic():
            row, created = count_model.objects.get_or_create(
                article_id=article_id, defaults={"views": count}
            )
            if not created:
                count_model.objects.filter(pk=row.pk).update(views=F("views") + count)
            _add_to_hour(article_id, count)
        cache.decr(key, count)
        moved += count
    return moved


def _add_to_hour(article_id: int, count: int) -> None:
    """Credit flushed views to the current hour (views are flushed within minutes)."""
    from decorum.news.models import ArticleViewHour

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    bucket, created = ArticleViewHour.objects.get_or_create(
        article_id=article_id, hour=hour, defaults={"views": count}
    )
    if not created:
        ArticleViewHour.objects.filter(pk=bucket.pk).update(views=F("views") + count)


def forget_navigation() -> None:
    """Drop the cached section navigation (a page was published, moved or unpublished)."""
    forget_cached_navigation()
