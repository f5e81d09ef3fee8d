"""Search on PostgreSQL full-text search, the production backend (run with
``--ds=decorum.settings.test_postgres``; ``make test`` does)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import login
from tests.news import search_cases

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass: pytest --ds=decorum.settings.test_postgres",
    ),
]


def test_postgres_is_really_in_use() -> None:
    assert connection.vendor == "postgresql"
    from wagtail.search.backends import get_search_backend

    assert "postgres" in type(get_search_backend()).__module__
    assert get_search_backend().config == "decorum"  # English and Russian stems (news.0008)


def test_search_is_ranked_filtered_highlighted_and_paginated(client: Client) -> None:
    search_cases.check_ranked_filtered_highlighted_and_paginated(client)


def test_hostile_queries_are_escaped(client: Client) -> None:
    search_cases.check_hostile_queries_are_escaped(client)


def test_query_syntax_is_read_as_words(client: Client, editor: Any) -> None:
    search_cases.check_query_syntax_is_read_as_words(client, login(Client(), editor))


def test_a_null_character_in_the_address_is_a_clear_400(client: Client) -> None:
    search_cases.check_a_null_character_is_a_clear_400(client)


def test_a_search_in_russian(client: Client) -> None:
    search_cases.check_russian_words_are_found(client)


def test_word_forms_find_each_other(client: Client) -> None:
    search_cases.check_word_forms_are_found(client)
