"""Comment tests: a live page to comment on, a clean rate-limit cache, helpers to post."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from decorum.community.models import Comment
from decorum.community.standards import current_standards

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def _community_settings(settings: Any) -> Iterator[None]:
    """Plain Wagtail pages take comments here, rendered by a tiny test template, until the
    news app's ArticlePage is available to every test."""
    settings.DECORUM_COMMUNITY_COMMENTABLE_MODELS = ("news.articlepage", "wagtailcore.page")
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [TEMPLATES_DIR, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.DECORUM_COMMUNITY_PREMODERATION = False
    cache.clear()
    yield
    cache.clear()


def default_home() -> Page:
    """The default site's home page; rebuilt when a transactional test flushed Wagtail's data."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_page(title: str = "Harbour bridge reopens", slug: str = "harbour-bridge") -> Page:
    home = default_home()
    page = Page(title=title, slug=slug)
    home.add_child(instance=page)
    return page


@pytest.fixture
def article(db: Any) -> Page:
    return make_page()


@pytest.fixture
def other_article(db: Any) -> Page:
    return make_page("Library hours extended", "library-hours")


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
