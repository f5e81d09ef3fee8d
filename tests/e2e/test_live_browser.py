"""The Live page receives a newly published article without a reload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_live_page_shows_a_new_article_without_reloading(live_server: Any, page: Any) -> None:
    make_article("Morning briefing")
    page.goto(f"{live_server.url}/live/")
    page.evaluate("window.notReloaded = true")
    assert page.locator(".live-item").count() == 1
    fresh = make_article("Breaking: bridge reopens early")
    new_item = page.locator(f'.live-item[data-article-id="{fresh.pk}"]')
    new_item.wait_for(timeout=15_000)
    assert "Breaking: bridge reopens early" in new_item.inner_text()
    assert page.evaluate("window.notReloaded === true")
    assert page.locator(".live-item").first.get_attribute("data-article-id") == str(fresh.pk)
