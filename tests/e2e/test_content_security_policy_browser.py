"""The public site passes its own Content-Security-Policy in a real browser: no page runs an
inline script or style, so chromium reports no violation on the home page, an article with
comments, the sign-up form (captcha), the live page, or a logged-in reader's article page
(comment form, nudge and screening-status scripts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.community.conftest import make_page, post
from tests.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _watch(page: Any) -> list[str]:
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def _visit(page: Any, url: str, console: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # deferred scripts and their requests
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{url}: {violations}"
    assert console == [], f"{url}: {console}"


def test_public_pages_raise_no_content_security_policy_violation(
    live_server: Any, page: Any, reader: Any, second_reader: Any
) -> None:
    article = make_page()
    writer = login(Client(), second_reader)
    assert post(writer, article, "The new timetable starts on Monday.").status_code in {200, 302}
    console = _watch(page)

    _visit(page, f"{live_server.url}/", console)
    _visit(page, f"{live_server.url}{article.url}", console)
    assert page.locator(".comment").count() == 1
    _visit(page, f"{live_server.url}/accounts/signup/", console)
    _visit(page, f"{live_server.url}/live/", console)

    reader_client = login(Client(), reader)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": reader_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    _visit(page, f"{live_server.url}{article.url}", console)
    assert page.locator("#comment-form textarea[name=text]").count() == 1
    # The comment form's scripts run: the nudge answers while the reader types.
    page.fill("#comment-form textarea[name=text]", "Thanks for the clear report.")
    page.click("#comment-form button[type=submit]")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__cspViolations") == []
    assert console == []
