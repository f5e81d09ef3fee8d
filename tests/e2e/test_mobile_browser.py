"""A reader on a phone (390 px wide): articles never scroll sideways and every section in the
navigation can be reached."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.e2e.test_editor_publishes import _wagtail_basics
from tests.factories import make_article, make_site_tree

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECTIONS = ("Politics", "World", "Economy", "Science", "Sport", "Culture", "Environment")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page that never reaches the video hosts (the test has no network; an
    iframe that fails to load keeps its size, which is what the layout is about)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    context.route("https://player.vimeo.com/**", lambda route: route.abort())
    context.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_navigation() -> None:
    """The section navigation is cached, and the cache outlives other tests' databases."""
    cache.clear()


def _horizontal_overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_an_article_with_a_video_fits_a_phone_screen(live_server: Any, phone: Any) -> None:
    _wagtail_basics()
    make_site_tree(SECTIONS)
    article = make_article(
        "Harbour cranes filmed at dawn",
        section="Economy",
        lead="A drone followed the first shift at the container terminal.",
    )
    article.body.append(("video", {"url": "https://vimeo.com/76979871", "caption": "At dawn"}))
    article.body.append(("video", {"url": "https://youtu.be/dQw4w9WgXcQ", "caption": ""}))
    article.save_revision().publish()

    phone.goto(f"{live_server.url}{article.url}")
    frames = phone.locator("#article-body .video-frame iframe")
    assert frames.count() == 2
    assert _horizontal_overflow(phone) <= 0

    body_width = phone.locator("#article-body").bounding_box()["width"]
    for index in range(frames.count()):
        box = frames.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["width"] == pytest.approx(body_width, abs=1)
        assert box["height"] == pytest.approx(box["width"] * 9 / 16, abs=2)


def test_every_section_is_reachable_on_a_phone(live_server: Any, phone: Any) -> None:
    _wagtail_basics()
    tree = make_site_tree(SECTIONS)
    make_article("Wetlands return to the old quarry", section="Environment")

    phone.goto(f"{live_server.url}/")
    assert _horizontal_overflow(phone) <= 0
    links = phone.locator("#section-nav a")
    assert links.all_inner_texts() == ["Live", *SECTIONS]
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], links.nth(index).inner_text()

    last = phone.locator("#section-nav").get_by_role("link", name="Environment")
    last.tap()
    phone.wait_for_url(f"{live_server.url}{tree.sections['Environment'].url}")
    assert "Wetlands return to the old quarry" in phone.locator("main").inner_text()
    assert _horizontal_overflow(phone) <= 0
