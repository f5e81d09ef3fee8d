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
