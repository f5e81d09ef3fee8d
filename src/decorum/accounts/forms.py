"""Account forms: the signup and password-reset extras (captcha, community standards)."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from decorum.accounts.actions import record_standards_acceptance


def _standards_label() -> str:
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("I have read and accept the"),
        reverse_lazy("community:standards"),
        _("community standards"),
    )


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    captcha = CaptchaField(
        label=_("Type the letters in the picture"),
        error_messages={"invalid": _("The letters you typed do not match the picture.")},
    )
    accept_standards = forms.BooleanField(
        required=True,
        label=lazy(_standards_label, str)(),
        error_messages={"required": _("You need to accept the community standards to register.")},
    )

    def signup(self, request: Any, user: Any) -> None:
        record_standards_acceptance(user=user)
