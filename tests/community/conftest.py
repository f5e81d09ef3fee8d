"""Comment tests: a live page to comment on, a clean rate-limit cache, helpers to post."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment
from decorum.community.standards import current_standards
from decorum.news.models import ArticlePage
from tests.factories import make_article, make_site_tree


@pytest.fixture(autouse=True)
def _community_settings(settings: Any) -> Iterator[None]:
    """Post-moderation and an empty rate-limit cache unless a test says otherwise."""
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    cache.clear()
    yield
    cache.clear()


def ensure_wagtail_root() -> None:
    """Recreate Wagtail's locale, root page and site tree after a transactional flush."""
    make_site_tree()


def make_page(title: str = "Harbour bridge reopens") -> ArticlePage:
    ensure_wagtail_root()
    return make_article(title)


@pytest.fixture
def article(db: Any) -> ArticlePage:
    return make_page()


@pytest.fixture
def other_article(db: Any) -> ArticlePage:
    return make_page("Library hours extended")


@pytest.fixture
def rule_id() -> str:
    return current_standards().rules[0].id


def post(client: Client, article: Page, text: str, parent: Comment | None = None) -> Any:
    data: dict[str, Any] = {"article": article.pk, "text": text}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post("/comments/post/", data)


def article_html(client: Client, article: Page, query: str = "") -> str:
    response = client.get(article.url + query)
    assert response.status_code == 200
    return response.content.decode()
