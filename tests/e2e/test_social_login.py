"""Social login end to end against a real OpenID Connect provider started on 127.0.0.1.

The provider (django-oauth-toolkit, ``tests/accounts/oidc_provider``) runs in its own process
with its own database and signing key; Decorum's allauth ``openid_connect`` app is configured
to use it the way an administrator would, through ``SOCIALACCOUNT_PROVIDERS``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from decorum.accounts.models import User
from decorum.community.models import Comment
from tests.community.conftest import make_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "decorum-test-client"
SECRET = "decorum-test-secret-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def provider(tmp_path: Path, live_server: Any) -> Iterator[str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    env = {
        **os.environ,
        "OIDC_PROVIDER_DATA": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.accounts.oidc_provider.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    redirect = f"{live_server.url}/accounts/oidc/testidp/login/callback/"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.accounts.oidc_provider.setup_provider",
            redirect,
            CLIENT_ID,
            SECRET,
        ],
        env=env,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/o"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def oidc_app(settings: Any, provider: str) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "testidp",
                    "name": "Test identity provider",
                    "client_id": CLIENT_ID,
                    "secret": SECRET,
                    "settings": {"server_url": provider},
                }
            ]
        }
    }


def _leave_for_provider(page: Any, site: str) -> None:
    """Click the provider's button and pass allauth's "continue" step where it shows one.

    Each step waits for the page it expects: a check made while the click's navigation is
    still under way looks at the page being left (under load that skipped a step)."""
    page.click("text=Test identity provider")
    page.wait_for_url(lambda url: not url.startswith(site) or "/accounts/oidc/" in url)
    if page.url.startswith(site):
        page.click("form button[type=submit]")  # allauth's "continue" step (POST, CSRF)


def _sign_in_at_provider(page: Any) -> None:
    page.fill("#provider-username", "ada")
    page.fill("#provider-password", "provider-pass-42")
    page.click("#provider-login")


def test_a_reader_signs_in_with_openid_connect_accepts_the_standards_and_comments(
    live_server: Any, page: Any, oidc_app: None
) -> None:
    article = make_page("Harbour bridge reopens after repairs")
    page.goto(f"{live_server.url}/accounts/login/")
    _leave_for_provider(page, live_server.url)
    _sign_in_at_provider(page)
    page.click("input[name=allow]")  # consent on the provider

    # back on Decorum: the social signup form asks for the community standards
    page.locator("input[name=accept_standards]").wait_for()
    if page.locator("input[name=captcha_1]").count():
        page.fill("input[name=captcha_1]", "PASSED")
    page.check("input[name=accept_standards]")
    form = page.locator("input[name=accept_standards]").locator("xpath=ancestor::form")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    user = User.objects.get(email="ada@provider.example")
    assert user.accepted_standards_version and user.accepted_standards_at
    assert user.display_name == "Ada Lovelace"  # offered from the provider's name
    assert user.socialaccount_set.get().provider == "testidp"

    page.goto(f"{live_server.url}{article.url}")
    page.fill("#comment-form textarea[name=text]", "Signed in through the test provider.")
    page.click("#comment-form button[type=submit]")
    page.locator(".comment .comment-text").first.wait_for()
    assert Comment.objects.get().author == user

    # a second login with the same identity reuses the account
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    _leave_for_provider(page, live_server.url)
    _sign_in_at_provider(page)  # the provider's cookies went too: it asks again
    # the provider may ask for consent again or send the reader straight back
    page.wait_for_url(
        lambda url: url.startswith(live_server.url) or urlsplit(url).path.startswith("/o/authorize")
    )
    if not page.url.startswith(live_server.url):
        page.click("input[name=allow]")
    page.wait_for_url(f"{live_server.url}/**")
    assert User.objects.filter(email="ada@provider.example").count() == 1
    assert page.locator("#profile-link").count() == 1


def test_denying_consent_shows_a_clear_message(live_server: Any, page: Any, oidc_app: None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    _leave_for_provider(page, live_server.url)
    _sign_in_at_provider(page)
    page.click("input[type=submit]:not([name=allow])")
    page.wait_for_url(f"{live_server.url}/**")
    assert "/accounts/3rdparty/login/cancelled/" in page.url
    assert "You did not allow the sign-in" in page.inner_text("#social-cancelled-message")
    assert not User.objects.filter(email="ada@provider.example").exists()
