"""Account forms: the signup extras (display name, captcha, community standards)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from decorum.accounts.actions import (
    DISPLAY_NAME_MAX_LENGTH,
    check_display_name,
    record_standards_acceptance,
    set_display_name,
)
from decorum.accounts.captcha import captcha_field
from decorum.core.errors import ValidationFailed


def _standards_label() -> str:
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("I have read and accept the"),
        reverse_lazy("community:standards"),
        _("community standards"),
    )


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its signup forms, e-mail and social (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth applies this after adding its own fields: who you are, then the checks.
    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "captcha",
        "accept_standards",
    ]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_(
            "Shown with your comments. Your real name or a pen name; your e-mail stays private."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    captcha = captcha_field()
    accept_standards = forms.BooleanField(
        required=True,
        label=lazy(_standards_label, str)(),
        error_messages={"required": _("You need to accept the community standards to register.")},
    )

    def clean_display_name(self) -> str:
        try:
            return check_display_name(self.cleaned_data.get("display_name", ""))
        except ValidationFailed as err:
            raise forms.ValidationError(err.message, code=err.code) from err

    def signup(self, request: Any, user: Any) -> None:
        set_display_name(user=user, display_name=self.cleaned_data["display_name"])
        record_standards_acceptance(user=user)
