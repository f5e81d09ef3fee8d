"""Thin views for news pages that are not Wagtail pages (tag listings)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
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
