"""SQLite full-text search that matches word forms: the index and the query hold stems.

The title and body columns of the index are stored as Snowball stems; the autocomplete
column stays as written, because the admin's prefix matching needs the real words.

Queries reach FTS5 as its own query language, and Wagtail quotes each term without escaping
a ``"`` inside it, so ``bank"`` was a syntax error (a 500). Both compilers here keep only the
words of a query (what the index tokenizer would keep anyway); a query with no words matches
nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_str
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    get_content_type_pk,
)
from wagtail.search.query import MATCH_ALL, And, Not, Or, Phrase, PlainText

from decorum.news.stemming import stem, stem_text, words


class StemmingSQLiteIndex(SQLiteIndex):  # type: ignore[misc]
    def add_items(self, model: Any, objs: Any) -> None:
        """Index as Wagtail does, then replace the title and body with their stems."""
        objs = list(objs)
        super().add_items(model, objs)
        if not objs or not model.get_search_fields():
            return
        entries = self.entries.filter(
            content_type_id=get_content_type_pk(model),
            object_id__in=[force_str(obj.pk) for obj in objs],
        )
        for pk, title, body in entries.values_list("pk", "title", "body"):
            self.entries.filter(pk=pk).update(
                title=stem_text(title or ""), body=stem_text(body or "")
            )


def words_only(query: Any, *, stemmed: bool) -> Any:
    """``query`` with every text reduced to its words (stemmed if ``stemmed``), or None when
    no word is left: nothing FTS5 reads as syntax (quotes, ``*``, ``^``, ``:``, brackets,
    NUL) survives."""
    if isinstance(query, PlainText | Phrase):
        found = words(query.query_string)
        if not found:
            return None
        text = " ".join(stem(w) if stemmed else w for w in found)
        if isinstance(query, Phrase):
            return Phrase(text)
        return PlainText(text, operator=query.operator, boost=query.boost)
    if isinstance(query, And | Or):
        parts = [p for p in (words_only(s, stemmed=stemmed) for s in query.subqueries) if p]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return type(query)(parts)
    if isinstance(query, Not):
        inner = words_only(query.subquery, stemmed=stemmed)
        return None if inner is None else Not(inner)
    return query  # MatchAll and anything else Wagtail handles itself


class StemmingSQLiteQueryCompiler(SQLiteSearchQueryCompiler):  # type: ignore[misc]
    """Words and phrases are looked up by their stems, as the index stores them."""

    STEMMED = True
    query: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cleaned = words_only(self.query, stemmed=self.STEMMED)
        # Not(MATCH_ALL) is Wagtail's own "no results" query.
        self.query = Not(MATCH_ALL) if cleaned is None else cleaned


class WordsOnlyAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):  # type: ignore[misc]
    """Prefix matching on the words as written (the autocomplete column is not stemmed)."""

    query: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cleaned = words_only(self.query, stemmed=False)
        self.query = Not(MATCH_ALL) if cleaned is None else cleaned


class StemmingSQLiteSearchBackend(SQLiteSearchBackend):  # type: ignore[misc]
    index_class = StemmingSQLiteIndex
    query_compiler_class = StemmingSQLiteQueryCompiler
    autocomplete_query_compiler_class = WordsOnlyAutocompleteQueryCompiler
