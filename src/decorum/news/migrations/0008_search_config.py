"""The ``decorum`` PostgreSQL text search configuration: English stems for words in Latin
letters, Russian stems for the others (the search backend asks for it by name). Nothing to do
on SQLite, where ``decorum.news.search_sqlite`` stems in Python."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE TEXT SEARCH CONFIGURATION decorum (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION decorum
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION decorum
    ALTER MAPPING FOR word, hword, hword_part WITH russian_stem;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS decorum;"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("news", "0007_editors_translate")]

    operations = [migrations.RunPython(create, drop)]
