"""Tag suggestions from named entities (spaCy for English, natasha for Russian), reviewed and
added by the editor in the Wagtail admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.news.entities import entities
from decorum.news.models import ArticlePage
from tests.conftest import login
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_english_names_of_people_organisations_and_places() -> None:
    names = entities(
        "Maria Lopez of the World Health Organization visited Nairobi on Monday. "
        "Maria Lopez said Kenya had made progress."
    )
    assert names[0] == "Maria Lopez"
    assert "World Health Organization" in names and "Nairobi" in names
    assert "Monday" not in names


def test_russian_names_come_in_their_normal_form() -> None:
    names = entities("Мэр Москвы Сергей Собянин встретился с представителями ООН в Брюсселе.")
    assert "Сергей Собянин" in names and "Брюссель" in names and "Москва" in names


def test_the_editor_sees_suggestions_after_saving_and_adds_the_accepted_ones(
    client: Client, editor: Any
) -> None:
    article = make_article(
        "Ministers meet in Geneva",
        lead="Olaf Berg of the United Nations met ministers in Geneva.",
        tags=["diplomacy"],
    )
    login(client, editor)
    page = client.get(f"/admin/news/tags/{article.pk}/").content.decode()
    assert 'value="Olaf Berg"' in page and 'value="Geneva"' in page
    assert 'id="add-tags">Add these tags</button>' in page
    response = client.post(
        f"/admin/news/tags/{article.pk}/", {"tag": ["Olaf Berg", "Geneva", "Summit 2026"]}
    )
    assert response.status_code == 302
    live = ArticlePage.objects.get(pk=article.pk)
    assert {t.name for t in live.tags.all()} >= {"diplomacy", "Olaf Berg", "Geneva", "Summit 2026"}
    html = client.get(live.url).content.decode()
    assert 'href="/tags/olaf-berg/"' in html  # tags link to tag pages


def test_readers_cannot_open_the_suggestions(client: Client, reader: Any) -> None:
    article = make_article("Ministers meet in Geneva")
    login(client, reader)
    assert client.get(f"/admin/news/tags/{article.pk}/").status_code in (302, 403)
