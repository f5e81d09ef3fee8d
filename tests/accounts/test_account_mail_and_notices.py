"""Account e-mail names the publication, and the login notice of a block links the appeal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from decorum.enforcement.sanctions import block_user
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_account_mail_names_the_site_not_the_host(client: Client, reader: Any) -> None:
    client.post(
        "/accounts/password/reset/",
        {"email": reader.email, "captcha_0": "test", "captcha_1": "PASSED"},
        HTTP_HOST="127.0.0.1",
    )
    [message] = mail.outbox
    assert message.subject.startswith("[Decorum] ")
    assert "Hello from Decorum!" in message.body
    assert "Thank you for using Decorum!" in message.body
    assert "[127.0.0.1" not in message.subject and "from 127.0.0.1" not in message.body
    assert "http://127.0.0.1/accounts/password/reset/key/" in message.body


def _log_in(client: Client, user: Any, *, prefix: str = "") -> str:
    """Log in through the form, then read the notice on the next page that shows messages."""
    login = client.post(f"{prefix}/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert login.status_code == 302
    return client.get(f"{prefix}/profile/").content.decode()


def test_the_block_notice_at_login_links_to_the_appeal_and_escapes_the_reason(
    client: Client, reader: Any, moderator: Any
) -> None:
    block_user(
        user=reader, scope="site", moderator=moderator, reason="Insults <b>in</b> three threads."
    )
    page = _log_in(client, reader)
    assert 'class="blocked-notice warning"' in page
    assert 'You can appeal from <a href="/profile/#sanctions">your account page</a>.' in page
    assert "Insults &lt;b&gt;in&lt;/b&gt; three threads." in page
    assert "(/profile/#sanctions)" not in page


def test_the_block_notice_links_the_russian_profile_in_russian(
    client: Client, reader: Any, moderator: Any
) -> None:
    block_user(user=reader, scope="site", moderator=moderator, reason="Оскорбления.")
    page = _log_in(client, reader, prefix="/ru")
    assert 'class="blocked-notice warning"' in page
    assert 'href="/ru/profile/#sanctions"' in page
