"""allauth adapters: the one place where Decorum customises account flows."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def _edition_home() -> str:
    return reverse("wagtail_serve", args=[""])


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Back to the front page of the edition the reader logged in from (``/ru/``)."""
        return _edition_home()

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return _edition_home()

    def login(self, request: HttpRequest, user: Any) -> None:
        """Log in, then tell a blocked user at once why and how to appeal (they may still read)."""
        super().login(request, user)
        from decorum.enforcement.sanctions import active_blocks

        for block in active_blocks(user):
            if block.final:
                tail = _("This block is final.")
            else:
                tail = _("You can appeal from your account page (%(url)s).") % {
                    "url": reverse("accounts:profile") + "#sanctions"
                }
            where = (
                _("the whole site")
                if block.scope == "site"
                else str(getattr(block.article, "title", ""))
            )
            messages.warning(
                request,
                _("You are blocked from commenting on %(where)s. Reasons: %(reason)s %(tail)s")
                % {"where": where, "reason": block.reason, "tail": tail},
                extra_tags="blocked-notice",
            )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        """Never sign up silently: a new social account must accept the community standards on
        the signup form, like everyone else (and we store which version, and when)."""
        return False
