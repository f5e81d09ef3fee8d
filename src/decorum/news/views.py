"""Thin views for news pages that are not Wagtail pages (tag listings)."""

from __future__ import annotations

from datetime import UTC

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
    """Articles published after ``since`` (ISO 8601), newest first, for the Live page."""
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
            "section": a.get_parent().title if a.get_parent() else "",
            "published_at": a.published_at.isoformat(),
        }
        for a in selectors.live_items(since=since, limit=20)
    ]
    return JsonResponse({"items": items})
