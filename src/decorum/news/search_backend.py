"""Wagtail's database search backend with English and Russian word forms.

Wagtail's backend picks the implementation by database. On PostgreSQL it gets the
``decorum`` text search configuration (created by migration ``news.0008``): Snowball
``english_stem`` for words in Latin letters and ``russian_stem`` for the rest. On SQLite,
whose FTS5 has no Russian stemmer, ``decorum.news.search_sqlite`` stems the index and the
query itself with the same Snowball algorithms.

After upgrading an existing site, rebuild the index once: ``python -m django update_index``.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from wagtail.search.backends.database import SearchBackend as database_backend

POSTGRES_CONFIG = "decorum"


def SearchBackend(params: dict[str, Any]) -> Any:  # the name Wagtail looks up
    backend = database_backend({"SEARCH_CONFIG": POSTGRES_CONFIG, **params})
    if connection.vendor != "sqlite":
        return backend
    # Imported only here: its models exist only when the database is SQLite.
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    from decorum.news.search_sqlite import StemmingSQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):  # FTS5 is there (else Wagtail's fallback)
        return StemmingSQLiteSearchBackend(params)
    return backend
