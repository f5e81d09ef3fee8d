"""Thin views for news pages that are not Wagtail pages (tag listings)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from taggit.models import Tag

from decorum.news import selectors


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag.")
    articles = selectors.paginate(selectors.tag_articles(slug=slug), request.GET.get("page"))
    return render(request, "news/tag_page.html", {"tag": tag, "articles": articles})
