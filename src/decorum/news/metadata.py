"""Metadata for sharing and search engines: Open Graph tags and schema.org NewsArticle."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from decorum.news.models import ArticlePage

# the characters that could end a <script> element or start markup inside it
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data: Any) -> SafeString:
    """JSON safe to place inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)


def article_metadata(
    article: ArticlePage, request: HttpRequest, tags: list[Any] | None = None
) -> dict[str, Any]:
    url = request.build_absolute_uri(article.get_url(request) or "/")
    image = ""
    if article.main_image is not None:
        rendition = article.main_image.get_rendition("fill-1200x630")
        image = request.build_absolute_uri(rendition.url)
    section = article.get_parent()
    names = [tag.name for tag in (tags if tags is not None else article.tags.all())]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.last_published_at or article.published_at).isoformat(),
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "Decorum"},
        "keywords": names,
    }
    if article.byline:
        ld["author"] = {"@type": "Person", "name": article.byline}
    if image:
        ld["image"] = [image]
    if section is not None:
        ld["articleSection"] = section.title
    return {
        "url": url,
        "image": image,
        "section": section.title if section is not None else "",
        "tags": names,
        "json_ld": json_for_script(ld),
    }
