"""The signup and password-reset captcha, tuned for people: large dark letters on white, light
noise, no look-alike letters, a button for another picture (and audio when flite is set up).

django-simple-captcha reads the dotted paths below from ``CAPTCHA_*`` settings; nothing here
registers itself on import.
"""

from __future__ import annotations

import random
import secrets
from typing import Any

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# No letter that reads as a digit or as another letter in a sans-serif face: B/8, D/O/Q/0,
# G/6, I/J/L/1, S/5, U/V, Z/2 are left out. Answers are not case-sensitive.
LEGIBLE_LETTERS = "ACEFHKMNPRTWXY"
NOISE_COLOUR = "#9aa3ad"


def legible_challenge() -> tuple[str, str]:
    """CAPTCHA_CHALLENGE_FUNCT: (text drawn, expected answer in lower case)."""
    length = captcha_settings.CAPTCHA_LENGTH
    text = "".join(secrets.choice(LEGIBLE_LETTERS) for _position in range(length))
    return text, text.lower()


def light_noise(draw: Any, image: Any) -> Any:
    """CAPTCHA_NOISE_FUNCTIONS: two thin grey strokes and sparse grey dots, enough to bother a
    naive OCR script without hiding the letters from a person (the library's default dots and
    arcs are drawn in the letter colour)."""
    # ``random``, not ``secrets``: the image view seeds it with the key, so that a picture
    # fetched twice looks the same.
    width, height = image.size
    for _line in range(2):
        draw.line(
            [
                (0, random.randint(height // 4, height * 3 // 4)),
                (width, random.randint(height // 4, height * 3 // 4)),
            ],
            fill=NOISE_COLOUR,
            width=1,
        )
    for _dot in range(width * height // 60):
        draw.point((random.randrange(width), random.randrange(height)), fill=NOISE_COLOUR)
    return draw


class CaptchaWidget(CaptchaTextInput):
    """The picture with its size and a real description, a "show another picture" link that
    reloads the page without JavaScript and swaps the picture in place with it."""

    template_name = "accounts/widgets/captcha.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        width, height = settings.CAPTCHA_IMAGE_SIZE
        context.update(
            {"image_width": width, "image_height": height, "refresh_url": self.refresh_url()}
        )
        return context


def captcha_field() -> CaptchaField:
    """One definition for every form that asks for the captcha."""
    return CaptchaField(
        label=_("Type the letters in the picture"),
        help_text=_("Capital or small letters, either is fine."),
        widget=CaptchaWidget(),
        error_messages={"invalid": _("The letters you typed do not match the picture.")},
    )
