"""News app settings (``DECORUM_NEWS_*``) with their documented defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _get(name: str, default: Any) -> Any:
    return getattr(settings, f"DECORUM_NEWS_{name}", default)


def page_size() -> int:
    """``DECORUM_NEWS_PAGE_SIZE`` (10): articles per page on section, tag and "All news" pages."""
    return int(_get("PAGE_SIZE", 10))


def view_flush_every() -> int:
    """``DECORUM_NEWS_VIEW_FLUSH_EVERY`` (100): flush cached view counts after this many views."""
    return int(_get("VIEW_FLUSH_EVERY", 100))


def view_flush_seconds() -> int:
    """``DECORUM_NEWS_VIEW_FLUSH_SECONDS`` (60): or after this long since the last flush."""
    return int(_get("VIEW_FLUSH_SECONDS", 60))


def nav_cache_seconds() -> int:
    """``DECORUM_NEWS_NAV_CACHE_SECONDS`` (300): how long the section navigation is cached."""
    return int(_get("NAV_CACHE_SECONDS", 300))


def embed_on_publish() -> bool:
    """``DECORUM_NEWS_EMBED_ON_PUBLISH`` (True): compute an article's embedding (for related
    coverage) in the background when it is published."""
    return bool(_get("EMBED_ON_PUBLISH", True))


def searches_per_minute() -> int:
    """``DECORUM_NEWS_SEARCHES_PER_MINUTE`` (60): full-text searches one address may run."""
    return int(_get("SEARCHES_PER_MINUTE", 60))


def page_cache_seconds() -> int:
    """``DECORUM_NEWS_PAGE_CACHE_SECONDS`` (300): how long an article page rendered for
    anonymous readers is kept (0 turns the page cache off). Publishing, comments and
    moderation make a cached page stale at once; this bounds anything else."""
    return int(_get("PAGE_CACHE_SECONDS", 300))


def related_cache_seconds() -> int:
    """``DECORUM_NEWS_RELATED_CACHE_SECONDS`` (86400): how long an article's computed
    "Related" list is kept; any publication or new embedding makes it stale at once."""
    return int(_get("RELATED_CACHE_SECONDS", 24 * 3600))
