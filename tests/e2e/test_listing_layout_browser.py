"""The listing pages laid out in a real browser: the home page's lead story is larger than the
cards beside it, Live and Search look like the rest of the site (no bare blue underlined
lists), and the footer leads to the Multimedia page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from decorum.news.models import MultimediaPage
from tests.factories import make_article, make_site_tree

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK_BLUE = "rgb(23, 78, 166)"  # --link in site.css


def test_lead_story_live_and_search_are_laid_out_as_cards(
    live_server: Any, page: Any, screenshot_dir: Path
) -> None:
    tree = make_site_tree(("Politics",))
    media = MultimediaPage(title="Multimedia", slug="multimedia")
    tree.home.add_child(instance=media)
    media.save_revision().publish()
    now = timezone.now()
    make_article(
        "Ferry timetable changes",
        section="Politics",
        lead="Two crossings a day are added.",
        published_at=now - timedelta(days=3),
        image=True,
    )
    make_article(
        "Council rebuilds the breakwater",
        section="Politics",
        lead="Work on the northern breakwater starts in May and lasts two summers.",
        published_at=now,
        image=True,
    )

    page.goto(f"{live_server.url}/")
    lead_image = page.locator("#lead-story .lead-image img").bounding_box()
    card_image = page.locator(".article-list .card-image img").first.bounding_box()
    assert lead_image["width"] > card_image["width"] * 1.3
    lead_title = page.locator("#lead-story .lead-title")
    assert lead_title.inner_text() == "Council rebuilds the breakwater"
    assert float(lead_title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) > float(
        page.locator(".article-list .card-title").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
    )
    assert page.get_by_role("heading", name="Most read", exact=True).count() == 1
    page.screenshot(path=str(screenshot_dir / "home-lead-story.png"), full_page=True)

    page.goto(f"{live_server.url}/live/")
    item = page.locator(".live-item").first
    link = item.locator(".card-title a")
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert link.evaluate("e => getComputedStyle(e).color") != LINK_BLUE
    assert page.locator("#live-items").evaluate("e => getComputedStyle(e).listStyleType") == "none"
    # Time beside the text, not above it, on a wide screen; the older item shows its day.
    time_box = item.locator(".live-time").bounding_box()
    text_box = item.locator(".live-text").bounding_box()
    assert time_box["x"] + time_box["width"] <= text_box["x"]
    assert "," in page.locator(".live-item").nth(1).locator(".live-time").inner_text()
    page.screenshot(path=str(screenshot_dir / "live-cards.png"), full_page=True)

    page.goto(f"{live_server.url}/search/?q=ferries")
    result = page.locator(".search-result")
    assert result.count() == 1
    title = result.locator("h2 a")
    assert title.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert page.locator(".search-results").evaluate("e => getComputedStyle(e).listStyleType") == (
        "none"
    )
    page.screenshot(path=str(screenshot_dir / "search-cards.png"), full_page=True)

    page.locator("#footer-multimedia").click()
    page.wait_for_url(f"{live_server.url}/multimedia/")
