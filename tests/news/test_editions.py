"""Language editions through HTTP: each edition has its own home, sections, articles, search,
feeds and interface language; an article links its versions in the other editions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import PASSWORD
from tests.factories import make_article, make_edition, make_site_tree, translate_article

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _ru(msgid: str) -> str:
    with translation.override("ru"):
        return translation.gettext(msgid)


@pytest.fixture
def editions() -> dict[str, Any]:
    english = make_site_tree(("Politics", "World"))
    russian = make_edition("ru", {"Politics": "Политика", "World": "В мире"})
    bridge = make_article("Council approves the harbour bridge", section="Politics")
    bridge_ru = translate_article(
        bridge, title="Совет одобрил мост через гавань", lead="Голосование завершило спор."
    )
    only_ru = make_article(
        "Паромы Кеша получили общее расписание", section=russian.sections["World"]
    )
    only_en = make_article("Ferries share one timetable", section="World")
    return {
        "english": english,
        "russian": russian,
        "bridge": bridge,
        "bridge_ru": bridge_ru,
        "only_ru": only_ru,
        "only_en": only_en,
    }


def test_each_edition_has_its_own_home_sections_and_articles(
    client: Client, editions: dict[str, Any]
) -> None:
    russian = _html(client.get("/ru/"))
    assert '<html lang="ru">' in russian
    assert "Паромы Кеша получили общее расписание" in russian
    assert "Совет одобрил мост через гавань" in russian
    assert "Ferries share one timetable" not in russian
    assert 'href="/ru/politics-ru/">Политика</a>' in russian
    assert 'href="/politics/">Politics</a>' not in russian

    english = _html(client.get("/"))
    assert '<html lang="en">' in english
    assert "Ferries share one timetable" in english
    assert "Паромы Кеша" not in english and "Совет одобрил" not in english
    assert 'href="/politics/">Politics</a>' in english

    section = _html(client.get("/ru/politics-ru/"))
    assert "Совет одобрил мост через гавань" in section
    assert "Council approves the harbour bridge" not in section


def test_the_interface_speaks_the_editions_language(
    client: Client, editions: dict[str, Any]
) -> None:
    for msgid in ("Log in", "Register", "Search", "Community standards", "Live"):
        assert _ru(msgid) != msgid, f"{msgid!r} has no Russian translation"
    russian = _html(client.get("/ru/"))
    for msgid in ("Log in", "Register", "Community standards", "Live"):
        assert _ru(msgid) in russian
    assert 'action="/ru/search/"' in russian and 'href="/ru/accounts/login/"' in russian
    login_page = _html(client.get("/ru/accounts/login/"))
    assert '<html lang="ru">' in login_page and _ru("Log in") in login_page
    english = _html(client.get("/"))
    assert _ru("Community standards") not in english and "Community standards" in english


def test_an_article_links_its_versions_and_the_switcher_follows_them(
    client: Client, editions: dict[str, Any]
) -> None:
    bridge, bridge_ru = editions["bridge"], editions["bridge_ru"]
    assert bridge_ru.url.startswith("/ru/") and not bridge.url.startswith("/ru/")

    english = _html(client.get(bridge.url))
    assert 'id="other-editions"' in english
    assert f'<a href="{bridge_ru.url}" hreflang="ru" lang="ru"' in english
    assert f'<link rel="alternate" hreflang="ru" href="{bridge_ru.url}">' in english

    russian = _html(client.get(bridge_ru.url))
    assert f'<a href="{bridge.url}" hreflang="en" lang="en"' in russian
    # The switcher in the header goes to the same story in the other edition ...
    assert f'<a href="{bridge.url}" hreflang="en" lang="en" data-edition="en">English</a>' in (
        russian
    )
    # ... and, for an article the other edition does not carry, to that edition's home.
    only_ru = _html(client.get(editions["only_ru"].url))
    assert 'id="other-editions"' not in only_ru
    assert '<a href="/" hreflang="en" lang="en" data-edition="en">English</a>' in only_ru
    # Pages outside the page tree switch to the same address in the other edition.
    assert 'href="/ru/search/?q=x" hreflang="ru"' in _html(client.get("/search/?q=x"))


def test_related_coverage_lists_the_version_in_the_other_edition(
    client: Client, editions: dict[str, Any]
) -> None:
    html = _html(client.get(editions["bridge"].url))
    related = html[html.index('id="related-articles"') :]
    assert "Совет одобрил мост через гавань" in related
    assert '<span class="edition-badge">RU</span>' in related


def test_search_feeds_live_and_tags_stay_within_the_edition(
    client: Client, editions: dict[str, Any]
) -> None:
    found = _html(client.get("/ru/search/", {"q": "расписание"}))
    assert "Паромы Кеша" in found
    assert "Паромы Кеша" not in _html(client.get("/search/", {"q": "расписание"}))

    rss_ru = client.get("/ru/feeds/rss/").content.decode()
    assert "Паромы Кеша" in rss_ru and "Ferries share one timetable" not in rss_ru
    rss_en = client.get("/feeds/rss/").content.decode()
    assert "Ferries share one timetable" in rss_en and "Паромы Кеша" not in rss_en
    section_feed = client.get("/ru/feeds/section/politics-ru/rss/").content.decode()
    assert "Совет одобрил мост через гавань" in section_feed

    live_ru = _html(client.get("/ru/live/"))
    assert "Паромы Кеша" in live_ru and "Ferries share one timetable" not in live_ru
    updates = client.get("/ru/live/updates/").json()["items"]
    assert {item["title"] for item in updates} == {
        "Паромы Кеша получили общее расписание",
        "Совет одобрил мост через гавань",
    }
    assert all(item["url"].startswith("/ru/") for item in updates)


def test_a_short_link_leads_to_the_version_it_was_made_for(
    client: Client, editions: dict[str, Any]
) -> None:
    from decorum.news.shortlinks import short_link_for

    link = short_link_for(editions["bridge_ru"])
    assert link is not None
    response = client.get(f"/s/{link.code}")
    assert response.status_code == 301 and response["Location"] == editions["bridge_ru"].url


def test_the_sitemap_lists_every_editions_pages(client: Client, editions: dict[str, Any]) -> None:
    body = client.get("/sitemap.xml").content.decode()
    assert f"{editions['bridge_ru'].url}</loc>" in body
    assert f"{editions['only_en'].url}</loc>" in body
    assert "/ru/</loc>" in body and "/politics/</loc>" in body


def test_a_reader_who_logs_in_from_the_russian_edition_stays_in_it(
    client: Client, editions: dict[str, Any], reader: Any
) -> None:
    response = client.post(
        "/ru/accounts/login/", {"login": "reader@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/ru/"
    response = client.post("/ru/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_a_missing_page_says_so_in_the_editions_language(
    client: Client, editions: dict[str, Any]
) -> None:
    russian = client.get("/ru/no-such-page/")
    assert russian.status_code == 404
    body = russian.content.decode()
    assert _ru("Page not found") in body and 'href="/ru/"' in body
    english = client.get("/no-such-page/")
    assert english.status_code == 404 and "Page not found" in english.content.decode()
