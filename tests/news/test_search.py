"""Search on the embedded default (SQLite, Wagtail's database backend)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.news import search_cases

pytestmark = pytest.mark.django_db


def test_search_is_ranked_filtered_highlighted_and_paginated(client: Client) -> None:
    search_cases.check_ranked_filtered_highlighted_and_paginated(client)


def test_hostile_queries_are_escaped(client: Client) -> None:
    search_cases.check_hostile_queries_are_escaped(client)


def test_a_search_in_russian(client: Client) -> None:
    search_cases.check_russian_words_are_found(client)
