from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_article


@pytest.mark.django_db
def test_article_page_shows_headline_and_lead(client: Client) -> None:
    article = make_article("Harbour reopens after repairs", tags=["harbour"], image=True)
    response = client.get(article.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Harbour reopens after repairs" in body
    home = client.get("/")
    assert "Harbour reopens after repairs" in home.content.decode()
