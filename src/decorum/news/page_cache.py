"""Whole article pages cached for anonymous readers, and the generations that invalidate them.

An article page with hundreds of comments costs tens of milliseconds to render, almost all of
it template work, and every anonymous reader sees the same bytes. So ``ArticlePage.serve``
keeps the rendered page in the cache for anonymous GETs and serves it again until something a
reader would see changes. Nothing is deleted on a change: each cache key carries two numbers,

- the *site generation*, raised when any page is published, edited and republished,
  unpublished or moved, when an article's embedding changes, and when an account's comments
  are hidden or shown (related lists, navigation and other editions span articles);
- the *article generation*, raised (and raised again after commit) whenever one of the
  article's comments is saved or deleted (a new published comment, a moderator's removal,
  an edit).

Bumping a number makes every older key unreachable; the entries expire on their own
(``DECORUM_NEWS_PAGE_CACHE_SECONDS``, which also bounds what a change outside these paths
could leave stale). A generation that was evicted restarts from the clock in milliseconds, so
it never falls back to a value an old entry still carries.

Logged-in readers are never served from here: they see their own pending comments and forms
holding their CSRF token. Nor is a reader with messages waiting, or a request with query
parameters other than ``cpage`` (a reply form, say). The view counter still counts every
view, hits included (``record_view`` runs before the cache is asked), and a hit rewrites the
counter in the cached page to the current figure.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language, ngettext

from decorum.news import app_settings

SITE_KEY = "news:pages:site-generation"
ARTICLE_KEY = "news:pages:article-generation:{}"
PAGE_KEY = "news:page:{article}:{lang}:{site}:{own}:{cpage}:{where}"
ROUTE_KEY = "news:page-route:{where}:{lang}"
GENERATION_TTL = 30 * 24 * 3600
CACHE_HEADER = "X-Decorum-Cache"
CACHEABLE_QUERY = frozenset({"cpage"})
VIEWS_SPAN = re.compile(
    r'(<span id="article-views"[^>]*\bdata-views=")(\d+)("[^>]*>)([^<]*)(</span>)'
)


def _generation(key: str) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, int(time.time() * 1000), GENERATION_TTL)
        value = cache.get(key)
    return int(value or 0)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, int(time.time() * 1000), GENERATION_TTL)


def site_generation() -> int:
    """The number every cached page and related list carries; see the module docstring."""
    return _generation(SITE_KEY)


def article_generation(article_id: int) -> int:
    return _generation(ARTICLE_KEY.format(article_id))


def forget_all_pages() -> None:
    """Make every cached page and related list stale (a page was published, edited and
    republished, unpublished or moved; an embedding or an account's visibility changed)."""
    _bump(SITE_KEY)


def forget_article_page(article_id: int) -> None:
    """Make the cached pages of one article stale: at once, and again after the current
    transaction commits, since a reader who arrives in between renders and stores the old
    thread (the change is not visible to other connections yet)."""
    key = ARTICLE_KEY.format(article_id)
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _where(request: HttpRequest) -> tuple[str, int] | None:
    """``(address digest, cpage)`` when this request may be served from the cache, else None.

    The digest covers scheme, host and path: the page holds absolute addresses (canonical,
    short link)."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    if not set(request.GET).issubset(CACHEABLE_QUERY):
        return None
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return None
    from django.contrib.messages import get_messages

    if len(get_messages(request)):
        return None
    cpage = request.GET.get("cpage", "1")
    if not cpage.isdigit() or len(cpage) > 6:
        return None
    where = hashlib.sha256(request.build_absolute_uri(request.path).encode()).hexdigest()[:16]
    return where, int(cpage)


def _page_key(article_id: int, where: str, cpage: int) -> str:
    return PAGE_KEY.format(
        article=article_id,
        lang=get_language() or "",
        site=site_generation(),
        own=article_generation(article_id),
        cpage=cpage,
        where=where,
    )


def _route_key(where: str) -> str:
    return ROUTE_KEY.format(where=where, lang=get_language() or "")


def _with_view_count(content: bytes, views: int) -> bytes:
    """The cached page with the counter showing ``views`` (the cached figure is stale)."""
    text = content.decode("utf-8")
    label = ngettext("%(counter)s view", "%(counter)s views", views) % {"counter": views}

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{views}{match.group(3)}{label}{match.group(5)}"

    return VIEWS_SPAN.sub(replace, text, count=1).encode("utf-8")


def _respond(article_id: int, stored: tuple[str, bytes]) -> HttpResponse:
    """The cached page, its counter current."""
    from decorum.news.selectors import view_count

    content_type, content = stored
    response = HttpResponse(
        _with_view_count(content, view_count(article_id=article_id)), content_type=content_type
    )
    response[CACHE_HEADER] = "hit"
    return response


def serve_cached(request: HttpRequest, article_id: int, render: Callable[[], Any]) -> HttpResponse:
    """Serve the article from the cache when this request may be, else ``render()`` it (and
    store it, with its address, when it may be cached). ``render`` returns the page's
    (template) response. Precondition: the view has been counted."""
    seconds = app_settings.page_cache_seconds()
    found = _where(request) if seconds > 0 else None
    if found is None:
        return render()  # type: ignore[no-any-return]
    where, cpage = found
    key = _page_key(article_id, where, cpage)
    stored = cache.get(key)
    if stored is not None:
        return _respond(article_id, stored)
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response.render()
    # A page that asked for a CSRF token or set a cookie belongs to this reader alone.
    personal = bool(response.cookies) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if response.status_code == 200 and not personal and not response.streaming:
        cache.set(key, (response["Content-Type"], response.content), seconds)
        cache.set(_route_key(where), article_id, seconds)
        response[CACHE_HEADER] = "miss"
    return response  # type: ignore[no-any-return]


class CachedArticleMiddleware:
    """Serve a cached article page before Wagtail routes the request.

    Routing an address to its page costs Wagtail about ten queries, three quarters of a cache
    hit served from ``ArticlePage.serve``. When ``serve`` stores a page it also remembers
    which article the address showed; this middleware (after the session, locale,
    authentication and messages middleware, so it knows who asks and in which language) looks
    that up and serves the page if its current key holds one, counting the view. Anything
    else, including every stale entry, falls through to Wagtail: unpublishing, moving or
    restricting a page raises the site generation, so an address that no longer shows the
    article is never answered from here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if app_settings.page_cache_seconds() > 0:
            found = _where(request)
            if found is not None:
                where, cpage = found
                article_id = cache.get(_route_key(where))
                if article_id is not None:
                    stored = cache.get(_page_key(int(article_id), where, cpage))
                    if stored is not None:
                        from decorum.news.actions import record_view

                        record_view(article_id=int(article_id))
                        return _respond(int(article_id), stored)
        return self.get_response(request)
