"""Search on the embedded default (SQLite, Wagtail's database backend)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import login
from tests.news import search_cases

pytestmark = pytest.mark.django_db


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


def test_searches_are_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.DECORUM_NEWS_SEARCHES_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/search/", {"q": "harbour"}).status_code == 200
    refused = client.get("/search/", {"q": "harbour"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Too many searches" in refused.content.decode()
    assert client.get("/search/").status_code == 200  # the empty form costs nothing
    other = client.get("/search/", {"q": "harbour"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_word_forms_find_each_other(client: Client) -> None:
    search_cases.check_word_forms_are_found(client)
