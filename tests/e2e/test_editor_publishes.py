"""An editor publishes an article in the Wagtail admin and readers find it on the home page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupPagePermission, Locale, Page

from decorum.news.models import ArticlePage
from tests.conftest import PASSWORD
from tests.factories import make_article, make_site_tree

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "article-page.png"


def _wagtail_basics() -> None:
    """A transactional test before this one may have flushed Wagtail's migrated rows."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _let_editors_publish_under(home: Page) -> None:
    """Wagtail's own "Editors" group gets these in its data migration; restore them if flushed."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=editors, page=home, permission=permission)


def _failed_admin_responses(page: Any, base_url: str) -> list[str]:
    """Record every admin response that answers 4xx/5xx: autosave, preview and the editing
    session pings run in the background, so their failures never show up as a page error."""
    failures: list[str] = []

    def record(response: Any) -> None:
        if response.url.startswith(f"{base_url}/admin/") and response.status >= 400:
            failures.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", record)
    return failures


def _one_admin_request_at_a_time(page: Any, base_url: str) -> None:
    """Autosave, preview and the editing-session ping write concurrently; the test database
    (SQLite shared in memory) refuses a second writer at once ("table is locked") where a
    real database waits, so the browser's admin requests are passed on one by one."""
    busy: list[str] = []

    def forward(route: Any) -> None:
        while busy:  # handlers run as greenlets: waiting yields to the one in flight
            page.wait_for_timeout(20)
        busy.append(route.request.url)
        try:
            route.fulfill(response=route.fetch(max_redirects=0))
        finally:
            busy.pop()

    page.route(f"{base_url}/admin/**", forward)


def test_an_editor_publishes_an_article_that_appears_on_the_home_page(
    live_server: Any,
    page: Any,
    editor: Any,
) -> None:
    _wagtail_basics()
    tree = make_site_tree(("Politics", "Science"))
    _let_editors_publish_under(tree.home)
    science = tree.sections["Science"]
    failures = _failed_admin_responses(page, live_server.url)
    _one_admin_request_at_a_time(page, live_server.url)
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { window.decorumWatchingEdits = true; });"
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    # Admin -> the section -> Add child page (Article is the section's only child type).
    page.goto(f"{live_server.url}/admin/pages/{science.pk}/")
    page.locator(f'a[href^="/admin/pages/{science.pk}/add_subpage/"]').first.click()
    page.wait_for_url(f"{live_server.url}/admin/pages/add/news/articlepage/{science.pk}/")
    # Wagtail notes the form's starting state two seconds after load and autosaves changes
    # from then on; an editor is never faster than that, so wait as they would.
    page.wait_for_function("window.decorumWatchingEdits === true")

    # Headline, lead and body only: the Promote tab (and its slug) is never opened.
    page.locator("#id_title").press_sequentially("Observatory volunteers map a new comet")
    page.fill(
        "#id_lead",
        "Amateur astronomers spotted it from the hill above the town, "
        "and Maria Lopez of the European Southern Observatory in Chile confirmed it.",
    )
    page.click("#body-root .c-sf-add-button")
    page.get_by_role("option", name="Paragraph").click()
    page.locator("#body-root [contenteditable=true]").first.press_sequentially(
        "The comet should stay visible with binoculars until the end of the month."
    )
    page.fill("#id_byline", "Ed Editor")
    # the preview panel renders the draft while the editor works
    page.click("[data-side-panel-toggle=preview]")
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("#article-body")).to_contain_text("binoculars", timeout=15_000)
    page.click("[data-side-panel-toggle=preview]")

    publish = page.locator("button[name=action-publish]")
    if not publish.is_visible():  # Wagtail keeps "Publish" in the footer's action dropdown
        page.locator("[data-controller~=w-dropdown]", has=publish).locator(
            "[data-w-dropdown-target=toggle]"
        ).first.click()
    publish.click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{science.pk}/")
    assert failures == []

    article = ArticlePage.objects.get(slug="observatory-volunteers-map-a-new-comet")
    assert article.live
    assert article.get_parent().pk == science.pk

    # the editor is offered the names in the article as tags, and accepts them
    suggestion = page.locator(".review-tags-link")
    assert "Chile" in page.locator("body").inner_text()
    suggestion.click()
    page.locator('input.suggested-tag[value="Maria Lopez"]').wait_for()
    assert page.locator("#add-tags").inner_text() == "Add these tags"
    page.click("#add-tags")
    page.wait_for_url(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    tags = {t.name for t in ArticlePage.objects.get(pk=article.pk).tags.all()}
    assert {"Maria Lopez", "Chile"} <= tags

    page.goto(f"{live_server.url}/")
    latest = page.locator("#latest-news")
    assert "Observatory volunteers map a new comet" in latest.inner_text()
    latest.get_by_role("link", name="Observatory volunteers map a new comet").click()
    assert (
        page.locator("#article-headline").inner_text() == "Observatory volunteers map a new comet"
    )
    assert "Amateur astronomers" in page.locator("#article-lead").inner_text()
    assert "binoculars" in page.locator("#article-body").inner_text()
    assert page.url == f"{live_server.url}/science/observatory-volunteers-map-a-new-comet/"
    assert failures == []


def test_an_article_page_with_comments_is_captured_for_the_docs(
    live_server: Any,
    page: Any,
    screenshot_dir: Path,
    reader: Any,
    second_reader: Any,
) -> None:
    from decorum.community.actions import post_comment

    _wagtail_basics()
    tree = make_site_tree(("Politics", "World", "Economy", "Science", "Sport", "Culture"))
    linked = make_article(
        "Ferry timetable shared by seven islands",
        section=tree.sections["World"],
        tags=["transport", "islands"],
    )
    article = make_article(
        "Riverton opens its first night library",
        section=tree.sections["Culture"],
        tags=["libraries", "transport"],
        lead="Readers can borrow books until midnight on Fridays from next month.",
        body_paragraphs=(
            "The library on Mill Street will stay open late once a week for a trial of six months.",
            "Volunteers from the reading club will run the desk after the staff go home.",
        ),
        byline="Clara Nyberg",
        source="Decorum demo desk",
        image=True,
    )
    assert linked.pk != article.pk
    first = post_comment(
        author=reader,
        article=article,
        text="Friday nights at the library sound great. Will the café stay open too?",
        enforce_rate_limit=False,
    )
    post_comment(
        author=second_reader,
        article=article,
        text="The notice on the door says the café closes at nine.",
        parent=first,
        enforce_rate_limit=False,
    )

    page.goto(f"{live_server.url}{article.url}")
    assert (
        page.locator("#article-headline").inner_text() == "Riverton opens its first night library"
    )
    assert page.locator("#article-image img").evaluate("img => img.naturalWidth") > 0
    assert "Will the café stay open too?" in page.locator("#comments-area").inner_text()
    assert (
        "Ferry timetable shared by seven islands" in page.locator("#related-articles").inner_text()
    )

    shot = screenshot_dir / "article-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # The copy in docs/ is committed; refresh it on request so test runs leave the tree clean.
    if os.environ.get("DECORUM_UPDATE_DOCS_SCREENSHOT") == "1" or not DOCS_SCREENSHOT.exists():
        DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_SCREENSHOT)
