"""A reader deletes their account in the browser, then restores it from the e-mailed link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from decorum.community.actions import post_comment
from tests.community.conftest import make_page
from tests.conftest import PASSWORD
from tests.e2e.test_comments_browser import log_browser_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_delete_then_restore_within_30_days(live_server: Any, page: Any, reader: Any) -> None:
    article = make_page("Harbour bridge reopens")
    post_comment(author=reader, article=article, text="My comment about the bridge", screen=False)
    log_browser_in(page, live_server, reader)
    page.goto(f"{live_server.url}/profile/")
    page.click("#delete-account-link")
    page.fill("input[name=password]", PASSWORD)
    page.click(".delete-account button[type=submit]")
    assert "Your account has been deleted" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}{article.url}")
    assert "My comment about the bridge" not in page.content()
    page.locator("#login-link").wait_for()  # logged out

    link = re.search(r"https?://[^/\s]+(/restore-account/\S+/)", mail.outbox[-1].body)
    assert link is not None
    page.goto(live_server.url + link.group(1))
    page.click(".restore-account button[type=submit]")
    page.fill("input[name=login]", reader.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{live_server.url}{article.url}")
    assert "My comment about the bridge" in page.locator(".comment-thread").inner_text()
    assert page.locator("#profile-link").count() == 1
