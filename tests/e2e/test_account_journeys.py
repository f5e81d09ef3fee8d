"""Account journeys in a real browser: register, confirm, comment, reply, edit, report, log out;
and password recovery. The captcha runs in django-simple-captcha's test mode ("PASSED")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from decorum.community.actions import post_comment
from decorum.community.models import CommentReport
from tests.factories import make_article, make_site_tree

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser passphrase for 2026"


def _mailed_link(pattern: str) -> str:
    body = mail.outbox[-1].body
    found = re.search(pattern, body)
    assert found, body
    return found.group(1)


def test_a_newcomer_registers_confirms_comments_replies_edits_reports_and_logs_out(
    live_server: Any, page: Any, second_reader: Any
) -> None:
    make_site_tree()
    article = make_article("Harbour ferries return after the winter pause", section="World")
    other = post_comment(
        author=second_reader,
        article=article,
        text="The ferries were late twice last week.",
        enforce_rate_limit=False,
    )
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "walker@example.com")
    page.fill("input[name=display_name]", "Wendy Walker")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=captcha_1]", "PASSED")
    page.check("input[name=accept_standards]")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/.*"))

    page.goto(live_server.url + _mailed_link(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)"))
    page.click("form button[type=submit]")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "walker@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{article.url}")
    page.fill("#comment-form textarea[name=text]", "Good to see the ferries back on time.")
    page.click("#comment-form button[type=submit]")
    mine = page.locator(".comment", has_text="ferries back").first
    assert "ferries back" in mine.locator(".comment-text").inner_text()

    mine.locator(".reply-link").click()
    page.fill("#comment-form textarea[name=text]", "And the evening crossing too.")
    page.click("#comment-form button[type=submit]")
    reply = page.locator(".comment-replies .comment").first
    reply.locator(".edit-link").click()
    page.fill("#comment-form textarea[name=text]", "And the late evening crossing too.")
    page.click("#comment-form button[type=submit]")
    assert "late evening" in page.locator(".comment-replies .comment-text").first.inner_text()

    page.goto(f"{live_server.url}{article.url}")
    target = page.locator(f".comment[data-comment-id='{other.pk}']")
    target.locator("summary.report-link").click()
    target.locator(".report-form select[name=rule]").select_option("spam")
    target.locator(".report-form button[type=submit]").click()
    page.wait_for_load_state()
    assert CommentReport.objects.filter(comment=other, rule="spam").exists()

    page.click("#logout-button")
    page.wait_for_load_state()
    assert page.locator("#login-link").is_visible()


def test_a_reader_recovers_a_forgotten_password(live_server: Any, page: Any, reader: Any) -> None:
    make_site_tree()
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.fill("input[name=email]", reader.email)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/password/reset/done/"))
    page.goto(
        live_server.url + _mailed_link(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")
    )
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)
