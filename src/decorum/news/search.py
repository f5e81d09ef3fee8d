"""Full-text search over live articles of one edition: ranked, filtered, highlighted.

Wagtail's database search backend does the work: SQLite full-text search in the embedded
default, PostgreSQL full-text search in production (same code, tested on both). Both match
English and Russian word forms (``decorum.news.search_backend``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from decorum.news.models import ArticlePage, SectionPage
from decorum.news.stemming import stem

MAX_QUERY = 200
SNIPPET = 240
_WORD = re.compile(r"\w{2,}", re.UNICODE)
_ANY_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    section: SectionPage | None = None
    date_from: date | None = None
    date_to: date | None = None


def terms(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query)][:10]


def search_articles(query: str, filters: SearchFilters, locale: Locale | None = None) -> Any:
    """Live, public articles of ``locale`` (the edition) matching ``query``, best first."""
    articles = ArticlePage.objects.live().public()  # type: ignore[attr-defined]
    articles = articles.filter(locale=locale or Locale.get_active())
    if filters.section is not None:
        articles = articles.child_of(filters.section)
    if filters.date_from is not None:
        start = timezone.make_aware(datetime.combine(filters.date_from, time.min))
        articles = articles.filter(published_at__gte=start)
    if filters.date_to is not None:
        end = timezone.make_aware(datetime.combine(filters.date_to, time.max))
        articles = articles.filter(published_at__lte=end)
    return articles.search(query[:MAX_QUERY], operator="and")


def _matcher(words: list[str]) -> Callable[[str], bool]:
    """Whether a word of the text matches the query: same stem (another form of the word) or
    it starts with a query word (a word the stemmer cuts differently)."""
    stems = {stem(w) for w in words}
    prefixes = tuple(w.lower() for w in words)

    def matches(word: str) -> bool:
        lowered = word.lower()
        return stem(word) in stems or lowered.startswith(prefixes)

    return matches


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with the words matching ``words`` (any form) wrapped in ``<mark>``."""
    if not words:
        return escape(text)
    matches = _matcher(words)
    out: list[str] = []
    cursor = 0
    for match in _ANY_WORD.finditer(text):
        if not matches(match.group(0)):
            continue
        out.append(str(escape(text[cursor : match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        cursor = match.end()
    out.append(str(escape(text[cursor:])))
    return mark_safe("".join(out))


def snippet(article: ArticlePage, words: list[str]) -> SafeString:
    """A piece of the lead or body around the first matching word, highlighted."""
    from django.utils.html import strip_tags

    parts = [article.lead] + [
        strip_tags(str(b.value.source)) if b.block_type == "paragraph" else "" for b in article.body
    ]
    text = " ".join(p for p in parts if p)
    matches = _matcher(words)
    at = next((m.start() for m in _ANY_WORD.finditer(text) if matches(m.group(0))), 0)
    start = max(0, at - SNIPPET // 3)
    end = min(len(text), start + SNIPPET)
    # Cut between words, never inside one.
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", max(start, at), end)
        end = space if space > 0 else end
    piece = text[start:end].strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(piece, words)}{suffix}")


def sections_for(locale: Locale | None = None) -> list[Page]:
    return list(
        SectionPage.objects.live().filter(locale=locale or Locale.get_active()).order_by("title")
    )
