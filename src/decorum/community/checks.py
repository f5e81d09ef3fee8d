"""System checks: catch bad community settings at start-up, not on the first comment."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from decorum.community import app_settings
from decorum.community.gate import CommentGate
from decorum.core.loading import check_class_setting

POSITIVE = {
    "MAX_LENGTH": app_settings.max_length,
    "MAX_DEPTH": app_settings.max_depth,
    "RATE_PER_USER": app_settings.rate_per_user,
    "RATE_PER_IP": app_settings.rate_per_ip,
    "RATE_WINDOW": app_settings.rate_window,
    "THREADS_PER_PAGE": app_settings.threads_per_page,
}


@register()
def check_community_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name, getter in POSITIVE.items():
        try:
            value = getter()
        except (TypeError, ValueError):
            value = 0
        if value < 1:
            errors.append(
                Error(
                    f"DECORUM_COMMUNITY_{name} must be a whole number of at least 1.",
                    id=f"community.E00{len(errors) + 1}",
                )
            )
    return errors


@register()
def check_comment_gate(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return check_class_setting(
        "DECORUM_COMMUNITY_GATE", app_settings.gate(), CommentGate, id="community.E010"
    )
