"""Form posts that are not UTF-8 get a clear 400 and change nothing, in both editions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page

from decorum.community.models import Comment
from tests.community.conftest import make_page
from tests.conftest import login
from tests.factories import make_edition

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"
PASSWORD = "a much longer passphrase 2026"


@pytest.fixture(autouse=True)
def _no_rate_limits_left_over() -> None:
    cache.clear()


@pytest.fixture
def article(db: Any) -> Page:
    return make_page()


def _signup_fields(display_name: str) -> str:
    return (
        urlencode(
            {
                "email": "newcomer@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "captcha_0": "test",
                "captcha_1": "PASSED",
                "accept_standards": "on",
            }
        )
        + f"&display_name={display_name}"
    )


# (content type, the display name or comment text as it goes on the wire)
UNREADABLE = {
    "an unknown charset": (f"{FORM}; charset=bogus", "Caf%C3%A9"),
    "Latin-1 declared": (f"{FORM}; charset=latin-1", "Caf%E9"),
    "Latin-1 percent-escapes sent as UTF-8": (FORM, "Caf%E9"),
    "raw Latin-1 bytes": (FORM, "Caf\xe9"),
    "multipart with an unknown charset": ("multipart/form-data; boundary=x; charset=bogus", ""),
}


def _body(fields: str) -> bytes:
    return fields.encode("latin-1")


@pytest.mark.parametrize("case", list(UNREADABLE))
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_a_comment_in_another_encoding_is_a_clear_400(
    client: Client,
    reader: Any,
    article: Page,
    case: str,
    prefix: str,
) -> None:
    if prefix:
        make_edition("ru")
    content_type, text = UNREADABLE[case]
    login(client, reader)
    body = _body(f"article={article.pk}&text={text}+is+a+fine+place")
    response = client.generic("POST", f"{prefix}/comments/post/", body, content_type=content_type)
    assert response.status_code == 400
    page = response.content.decode()
    assert ("UTF-8" in page) and ("Форма" in page if prefix else "The form" in page)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("case", list(UNREADABLE))
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_a_signup_in_another_encoding_is_a_clear_400(
    client: Client, case: str, prefix: str
) -> None:
    if prefix:
        make_edition("ru")
    content_type, name = UNREADABLE[case]
    body = _body(_signup_fields(name))
    response = client.generic("POST", f"{prefix}/accounts/signup/", body, content_type=content_type)
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not get_user_model().objects.filter(email="newcomer@example.com").exists()


def test_a_signup_in_utf8_with_the_charset_named_still_works(client: Client) -> None:
    body = _body(_signup_fields("Caf%C3%A9"))
    response = client.generic(
        "POST", "/accounts/signup/", body, content_type=f"{FORM}; charset=UTF-8"
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(email="newcomer@example.com").display_name == "Café"


def test_a_comment_in_utf8_keeps_its_accents(client: Client, reader: Any, article: Page) -> None:
    login(client, reader)
    body = _body(f"article={article.pk}&text=Caf%C3%A9+is+a+fine+place")
    response = client.generic("POST", "/comments/post/", body, content_type=FORM)
    assert response.status_code == 302
    assert Comment.objects.get().text == "Café is a fine place"
