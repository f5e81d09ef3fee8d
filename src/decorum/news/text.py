"""An article as plain text (headline, lead, paragraphs and quotes), for the models that read
it: related coverage and tag suggestions."""

from __future__ import annotations

from django.utils.html import strip_tags

from decorum.news.models import ArticlePage


def article_plain_text(article: ArticlePage, limit: int | None = None) -> str:
    parts = [article.title, article.lead]
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(str(block.value.source)))
        elif block.block_type == "quote":
            parts.append(str(block.value.get("text", "")))
    text = "\n".join(p for p in parts if p)
    return text[:limit] if limit is not None else text
