"""Newsroom features in a real browser: search from the header, the short link and its copy
button, feeds linked from the page head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_article, make_edition, translate_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reader_switches_to_the_russian_edition_searches_and_follows_the_short_link(
    live_server: Any, browser: Any, screenshot_dir: Path
) -> None:
    russian = make_edition("ru", {"Politics": "Политика"})
    english = make_article(
        "Harbour bridge reopens", section="Politics", lead="Repairs finished early."
    )
    article = translate_article(
        english,
        title="Мост через гавань снова открыт",
        lead="Ремонт моста закончился раньше срока.",
        body_paragraphs=("Совет собрался во вторник и принял работу подрядчика.",),
    )
    make_article(
        "Театральный сезон",
        section=russian.sections["Politics"],
        lead="Премьера оперы в субботу.",
    )
    context = browser.new_context(locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.click("#edition-switcher a[data-edition=ru]")
    page.wait_for_url(f"{live_server.url}/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#section-nav").get_by_text("Политика").count() == 1
    page.fill(".site-search input[name=q]", "ремонт")
    page.press(".site-search input[name=q]", "Enter")
    page.wait_for_url("**/ru/search/**")
    result = page.locator(".search-result")
    assert result.count() == 1
    assert result.locator("mark").first.inner_text() == "Ремонт"
    result.locator("h2 a").click()
    assert page.locator("#article-headline").inner_text() == article.title
    assert page.locator("#other-editions a[hreflang=en]").count() == 1
    page.screenshot(path=str(screenshot_dir / "russian-edition-article.png"))

    assert page.locator('link[rel=alternate][type="application/rss+xml"]').count() >= 1
    page.click("#short-link summary")
    short = page.input_value("#short-link-url")
    assert "/s/" in short
    page.click("#short-link-copy")
    page.wait_for_function(
        "document.getElementById('short-link-copy').textContent"
        " === document.getElementById('short-link-copy').dataset.copied"
    )
    page.goto(short)
    assert page.locator("#article-headline").inner_text() == article.title

    page.click("#other-editions a[hreflang=en]")
    assert page.locator("#article-headline").inner_text() == english.title
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
