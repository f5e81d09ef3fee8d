"""SQLite full-text search that matches word forms: the index and the query hold stems.

The title and body columns of the index are stored as Snowball stems; the autocomplete
column stays as written, because the admin's prefix matching needs the real words.
"""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_str
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    get_content_type_pk,
)
from wagtail.search.query import Phrase, PlainText

from decorum.news.stemming import stem_text


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


class StemmingSQLiteQueryCompiler(SQLiteSearchQueryCompiler):  # type: ignore[misc]
    def build_search_query_content(self, query: Any, config: Any = None) -> Any:
        """Words and phrases are looked up by their stems, as the index stores them."""
        if isinstance(query, PlainText | Phrase):
            stems = stem_text(query.query_string)
            if stems and isinstance(query, PlainText):
                query = PlainText(stems, operator=query.operator, boost=query.boost)
            elif stems:
                query = Phrase(stems)
        return super().build_search_query_content(query, config=config)


class StemmingSQLiteSearchBackend(SQLiteSearchBackend):  # type: ignore[misc]
    index_class = StemmingSQLiteIndex
    query_compiler_class = StemmingSQLiteQueryCompiler
