"""The password-reset form with a captcha (kept apart: allauth imports forms.py while loading)."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm

from decorum.accounts.captcha import captcha_field


class ResetPasswordWithCaptchaForm(ResetPasswordForm):
    """Password recovery also takes a captcha: it sends e-mail, which bots love to trigger."""

    captcha = captcha_field()
