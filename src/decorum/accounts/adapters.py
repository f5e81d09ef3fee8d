"""allauth adapters: the one place where Decorum customises account flows."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from decorum.accounts.hooks import get_hooks
from decorum.core.client_ip import client_ip


def _edition_home() -> str:
    return reverse("wagtail_serve", args=[""])


def site_name() -> str:
    """The publication's name as readers know it (not the host name the request came to)."""
    return str(getattr(settings, "WAGTAIL_SITE_NAME", "") or "Decorum")


@dataclass(frozen=True, slots=True)
class MailSite:
    """Stands in for ``current_site`` in allauth's mail templates: Decorum runs without
    django.contrib.sites, so allauth would otherwise fall back to the host ("127.0.0.1:8000")
    for the greeting and the subject."""

    name: str
    domain: str


def html_interpolate(template: str, values: dict[str, Any]) -> SafeString:
    """``template % values`` as HTML: the (translated) template and every value are escaped
    unless already marked safe, so only the markup we build ourselves survives."""
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    return mark_safe(conditional_escape(template) % escaped)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Back to the front page of the edition the reader logged in from (``/ru/``)."""
        return _edition_home()

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return _edition_home()

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name()}] {subject}"

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """Name the publication in the greeting and sign-off; keep the host as the domain, since
        that is where the links in the mail lead."""
        current = context.get("current_site")
        domain = str(getattr(current, "domain", "") or "")
        context = {**context, "current_site": MailSite(name=site_name(), domain=domain)}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def login(self, request: HttpRequest, user: Any) -> None:
        """Log in, then tell a blocked user at once why and how to appeal (they may still read)."""
        super().login(request, user)
        for block in get_hooks().commenting_blocks(user):
            tail: SafeString
            if block.final:
                tail = html_interpolate(_("This block is final."), {})
            else:
                link = format_html(
                    '<a href="{}">{}</a>',
                    reverse("accounts:profile") + "#sanctions",
                    _("your account page"),
                )
                tail = html_interpolate(_("You can appeal from %(link)s."), {"link": link})
            where = _("the whole site") if block.site_wide else block.article_title
            messages.warning(
                request,
                html_interpolate(
                    _("You are blocked from commenting on %(where)s. Reasons: %(reason)s %(tail)s"),
                    {"where": where, "reason": block.reason, "tail": tail},
                ),
                extra_tags="blocked-notice",
            )

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits read the client the way the rest of Decorum does
        (``DECORUM_TRUSTED_PROXIES``), not by its own proxy-count setting."""
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine the client's IP address.")
        return address

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins are counted per account *and* address (allauth counts them per
        account alone, so anyone could lock a moderator out by failing five times with their
        e-mail). An IPv6 client counts by its /64, as allauth's per-address limit does, so a
        single network cannot rotate addresses for more attempts.

        This overrides a private allauth method; ``tests/accounts/test_login_throttling.py``
        fails if an upgrade stops calling it."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        address = ipaddress.ip_address(self.get_client_ip(request))
        if address.version == 6:
            address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
        return f"{account}@{address}"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        """Never sign up silently: a new social account must accept the community standards on
        the signup form, like everyone else (and we store which version, and when)."""
        return False

    def get_signup_form_initial_data(self, sociallogin: Any) -> dict[str, Any]:
        """Offer the name the provider knows as the display name; the person can change it."""
        initial: dict[str, Any] = super().get_signup_form_initial_data(sociallogin)
        full_name = f"{initial.get('first_name', '')} {initial.get('last_name', '')}".strip()
        initial.setdefault("display_name", full_name)
        return initial
