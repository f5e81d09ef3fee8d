"""The site chrome: section navigation is cached and refreshed when a section is published."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decorum.news.models import SectionPage
from decorum.news.selectors import navigation_sections
from tests.factories import make_site_tree

pytestmark = pytest.mark.django_db


def test_navigation_is_cached_and_refreshed_on_publish() -> None:
    cache.clear()
    tree = make_site_tree(("Politics", "World"))
    for section in tree.sections.values():
        section.save_revision().publish()
    first = navigation_sections()
    assert [s["title"] for s in first][:2] == ["Politics", "World"]
    with CaptureQueriesContext(connection) as queries:
        assert navigation_sections() == first
    assert len(queries) == 0
    sport = SectionPage(title="Sport", slug="sport")
    tree.home.add_child(instance=sport)
    sport.save_revision().publish()
    assert "Sport" in [s["title"] for s in navigation_sections()]
    cache.clear()
