"""The password-reset form with a captcha (kept apart: allauth imports forms.py while loading)."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from captcha.fields import CaptchaField
from django.utils.translation import gettext_lazy as _


class ResetPasswordWithCaptchaForm(ResetPasswordForm):
    """Password recovery also takes a captcha: it sends e-mail, which bots love to trigger."""

    captcha = CaptchaField(
        label=_("Type the letters in the picture"),
        error_messages={"invalid": _("The letters you typed do not match the picture.")},
    )
