"""The captcha's "Show another picture" in a real browser: a new picture and key, in place."""

from __future__ import annotations

import re
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser passphrase for 2026"


def test_show_another_picture_swaps_the_picture_and_keeps_what_was_typed(
    live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "picture@example.com")
    page.fill("input[name=display_name]", "Pat Picture")
    image = page.locator("img.captcha-image")
    first_src = image.get_attribute("src")
    first_key = page.input_value("input[name=captcha_0]")
    assert first_src == f"/captcha/image/{first_key}/"
    assert image.evaluate("img => img.naturalWidth") == 250

    page.click("text=Show another picture")
    page.wait_for_function(
        "old => document.querySelector('img.captcha-image').getAttribute('src') !== old",
        arg=first_src,
    )
    new_key = page.input_value("input[name=captcha_0]")
    assert new_key != first_key
    assert image.get_attribute("src") == f"/captcha/image/{new_key}/"
    page.wait_for_function("() => document.querySelector('img.captcha-image').naturalWidth > 0")
    assert page.input_value("input[name=email]") == "picture@example.com"  # no reload
    assert page.evaluate("document.activeElement.name") == "captcha_1"
    assert "new picture" in page.inner_text("[data-captcha-status]")

    # the new picture's answer is the one that counts
    answer = CaptchaStore.objects.get(hashkey=new_key).response
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=captcha_1]", answer)
    page.check("input[name=accept_standards]")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/.*"))
    user: Any = get_user_model().objects.get(email="picture@example.com")
    assert user.display_name == "Pat Picture"
