"""The comment section in a real browser: the ids and classes browser journeys rely on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.community.models import Comment
from tests.community.conftest import make_page
from tests.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_browser_in(tab: Any, live_server: Any, user: Any) -> None:
    client = login(Client(), user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_reader_comments_replies_sees_errors_and_edits_in_the_browser(
    live_server: Any,
    page: Any,
    reader: Any,
) -> None:
    article = make_page()
    log_browser_in(page, live_server, reader)
    page.goto(f"{live_server.url}{article.url}")

    page.fill("#comment-form textarea[name=text]", "x" * 3001)
    page.click("#comment-form button[type=submit]")
    assert "the limit is 3000 characters" in page.locator("#comment-error").inner_text()
    assert page.input_value("#comment-form textarea[name=text]") == "x" * 3001

    page.fill(
        "#comment-form textarea[name=text]", "<script>window.pwned=1</script> www.example.org"
    )
    page.click("#comment-form button[type=submit]")
    first = page.locator(".comment").first
    assert "<script>window.pwned=1</script>" in first.locator(".comment-text").inner_text()
    assert page.evaluate("window.pwned === undefined")
    link = first.locator(".comment-text a")
    assert link.get_attribute("rel") == "nofollow ugc noopener"

    first.locator(".reply-link").click()
    page.fill("#comment-form textarea[name=text]", "A reply from the browser")
    page.click("#comment-form button[type=submit]")
    reply = page.locator(".comment-replies .comment")
    assert reply.locator(".comment-text").inner_text() == "A reply from the browser"

    reply.locator(".edit-link").click()
    page.fill("#comment-form textarea[name=text]", "An edited reply")
    page.click("#comment-form button[type=submit]")
    edited = page.locator(".comment-replies .comment")
    assert edited.locator(".comment-text").inner_text() == "An edited reply"
    assert edited.locator(".edited-label").inner_text() == "edited by the author"
    assert Comment.objects.count() == 2
