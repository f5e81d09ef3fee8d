"""System checks for deployment settings that Django's own checks cannot know about."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from decorum.settings.env import PUBLISHED_INSECURE_KEY


@register(Tags.security, deploy=True)
def check_secret_key_is_not_published(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Django's own W009 accepts the old embedded constant (long, varied), so name it here."""
    if getattr(settings, "SECRET_KEY", "") != PUBLISHED_INSECURE_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is the example key published in Decorum's source: anyone can forge "
            "signed links, sessions and e-mail confirmations with it.",
            hint="Set DECORUM_SECRET_KEY to a random value of at least 32 characters, or unset "
            "it so the embedded default keeps its own key in the data directory.",
            id="decorum.E001",
        )
    ]


@register(Tags.security)
def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A proxy list that does not parse would otherwise fail on the first request."""
    from django.core.exceptions import ImproperlyConfigured

    from decorum.core.client_ip import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as err:
        return [
            Error(
                str(err),
                hint="List addresses or networks separated by commas, e.g. "
                "DECORUM_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.",
                id="decorum.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_proxy_is_trusted(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Behind a proxy (SECURE_PROXY_SSL_HEADER) the proxy must be listed: X-Forwarded-Proto is
    believed only from DECORUM_TRUSTED_PROXIES, so an empty list would redirect every request
    to HTTPS again and again, and every reader would share the proxy's address."""
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    if getattr(settings, "DECORUM_TRUSTED_PROXIES", None):
        return []
    return [
        Error(
            "DECORUM_BEHIND_PROXY is on but DECORUM_TRUSTED_PROXIES is empty, so the proxy's "
            "X-Forwarded-Proto and X-Forwarded-For headers are not believed.",
            hint="List the reverse proxy's address, e.g. DECORUM_TRUSTED_PROXIES=127.0.0.1.",
            id="decorum.E003",
        )
    ]
