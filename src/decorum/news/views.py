"""Thin views for news pages that are not Wagtail pages (tag listings)."""

from __future__ import annotations

from datetime import UTC, date

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from taggit.models import Tag

from decorum.news import selectors
from decorum.news.shortlinks import follow


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag.")
    articles = selectors.paginate(selectors.tag_articles(slug=slug), request.GET.get("page"))
    return render(request, "news/tag_page.html", {"tag": tag, "articles": articles})


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """``/s/<code>``: a permanent redirect to the article, counting the click."""
    link = follow(code)
    if link is None:
        raise Http404("No article has this short link.")
    return HttpResponsePermanentRedirect(link.article.get_url(request) or "/")


def live(request: HttpRequest) -> HttpResponse:
    """The Live page: the newest articles across sections; it updates itself (see live.js)."""
    return render(
        request,
        "news/live.html",
        {
            "items": selectors.live_items(),
            "most_read": selectors.most_read_24h(),
            "most_commented": selectors.most_commented_24h(),
        },
    )


def live_updates(request: HttpRequest) -> JsonResponse:
    """Articles published after ``since`` (ISO 8601), newest first, for the Live page.

    A fixed number of queries whatever the number of items: the section title comes annotated
    with the articles and addresses from Wagtail's per-request site root paths."""
    raw = request.GET.get("since", "")
    since = parse_datetime(raw) if raw else None
    if raw and since is None:
        return JsonResponse(
            {"code": "invalid", "message": "since must be an ISO 8601 date and time."}, status=400
        )
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    items = [
        {
            "id": a.pk,
            "title": a.title,
            "lead": a.lead,
            "url": a.get_url(request),
            "section": a.section_title or "",  # type: ignore[attr-defined]
            "published_at": a.published_at.isoformat(),
        }
        for a in selectors.live_items(since=since, limit=20)
    ]
    return JsonResponse({"items": items})


SEARCH_PAGE_SIZE = 10


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _too_many_searches(request: HttpRequest) -> bool:
    from decorum.core.client_ip import client_ip
    from decorum.core.ratelimit import over_limit
    from decorum.news import app_settings

    who = client_ip(request) or "unknown"
    return over_limit("search", who, limit=app_settings.searches_per_minute())


def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=...&section=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N``."""
    from django.core.paginator import Paginator

    from decorum.news import search as news_search
    from decorum.news.models import SectionPage

    query = request.GET.get("q", "").strip()[: news_search.MAX_QUERY]
    if query and _too_many_searches(request):
        from django.utils.translation import gettext as _

        response = render(
            request,
            "community/error.html",
            {"message": _("Too many searches from your address. Please wait a minute.")},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    sections = news_search.sections_for()
    raw_section = request.GET.get("section", "")
    section = next((s for s in sections if str(s.pk) == raw_section), None)
    filters = news_search.SearchFilters(
        section=section if isinstance(section, SectionPage) else None,
        date_from=_date(request.GET.get("from", "")),
        date_to=_date(request.GET.get("to", "")),
    )
    words = news_search.terms(query)
    page = None
    results = []
    if words:
        found = news_search.search_articles(query, filters)
        page = Paginator(found, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        results = [
            {
                "article": article,
                "title": news_search.highlight(article.title, words),
                "snippet": news_search.snippet(article, words),
            }
            for article in page.object_list
        ]
    return render(
        request,
        "news/search.html",
        {
            "query": query,
            "results": results,
            "page": page,
            "sections": sections,
            "filters": filters,
            "raw_from": request.GET.get("from", ""),
            "raw_to": request.GET.get("to", ""),
        },
    )
