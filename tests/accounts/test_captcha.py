"""The captcha people can read: its picture, its alphabet, another picture on request, and a
wrong answer that keeps what was typed (but never the password)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from PIL import Image

from decorum.accounts.captcha import LEGIBLE_LETTERS

pytestmark = pytest.mark.django_db
PASSPHRASE = "a passphrase nobody should see twice"


def _captcha_key(html: str) -> str:
    found = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html)
    assert found, html
    return found.group(1)


def _signup(client: Client, **fields: str) -> Any:
    data = {
        "email": "newcomer@example.com",
        "display_name": "Nina Newcomer",
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
        "accept_standards": "on",
    }
    data.update(fields)
    return client.post("/accounts/signup/", data)


def test_a_wrong_answer_keeps_email_and_display_name_but_not_the_password(
    client: Client, django_user_model: Any
) -> None:
    key = _captcha_key(client.get("/accounts/signup/").content.decode())
    response = _signup(client, captcha_0=key, captcha_1="WRONG")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The letters you typed do not match the picture." in page
    assert 'value="newcomer@example.com"' in page
    assert 'value="Nina Newcomer"' in page
    assert PASSPHRASE not in page
    assert _captcha_key(page) != key  # a used picture is never offered again
    assert not django_user_model.objects.filter(email="newcomer@example.com").exists()


def test_the_right_answer_in_any_case_passes(client: Client, django_user_model: Any) -> None:
    key = _captcha_key(client.get("/accounts/signup/").content.decode())
    answer = CaptchaStore.objects.get(hashkey=key).response
    assert _signup(client, captcha_0=key, captcha_1=answer.upper()).status_code == 302
    assert django_user_model.objects.filter(email="newcomer@example.com").exists()


def test_the_picture_is_large_and_sized_in_the_page(client: Client) -> None:
    page = client.get("/accounts/signup/").content.decode()
    img = re.search(r'<img src="(/captcha/image/[0-9a-f]+/)" class="captcha-image"[^>]*>', page)
    assert img, page
    assert 'width="250" height="80"' in img.group(0)
    assert 'alt="Five letters to type into the field below"' in img.group(0)
    response = client.get(img.group(1))
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (250, 80)
    # dark letters on white: the darkest pixels are near-black, most of the picture is white
    grey = picture.convert("L")
    assert min(grey.getdata()) < 60
    assert sum(1 for value in grey.getdata() if value > 240) > 0.6 * 250 * 80


def test_challenges_avoid_look_alike_characters(client: Client) -> None:
    for _ in range(30):
        key = _captcha_key(client.get("/accounts/signup/").content.decode())
        store = CaptchaStore.objects.get(hashkey=key)
        assert len(store.challenge) == 5
        assert set(store.challenge) <= set(LEGIBLE_LETTERS)
        assert store.response == store.challenge.lower()
    assert not set("0O1lI5S2Z8B6G") & set(LEGIBLE_LETTERS)


def test_another_picture_without_javascript_reloads_the_page(client: Client) -> None:
    page = client.get("/accounts/signup/").content.decode()
    assert '<a href="" class="captcha-refresh" data-captcha-refresh>Show another picture</a>' in (
        page
    )
    assert '<script src="/static/accounts/captcha.js" defer></script>' in page


def test_the_refresh_view_hands_out_a_new_key_and_picture(client: Client) -> None:
    key = _captcha_key(client.get("/accounts/signup/").content.decode())
    fresh = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert fresh["key"] != key
    assert fresh["image_url"] == f"/captcha/image/{fresh['key']}/"
    assert fresh["audio_url"] is None  # no flite configured: no audio link is offered
    assert CaptchaStore.objects.filter(hashkey=fresh["key"]).exists()


def test_the_password_reset_form_uses_the_same_captcha(client: Client) -> None:
    page = client.get("/accounts/password/reset/").content.decode()
    assert 'class="captcha-image" width="250" height="80"' in page
    assert "Show another picture" in page
