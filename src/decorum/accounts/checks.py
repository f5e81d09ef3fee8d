"""System checks: catch bad accounts settings at start-up, not on the first login."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, register

from decorum.accounts import app_settings
from decorum.accounts.hooks import AccountHooks
from decorum.core.loading import check_class_setting


@register()
def check_accounts_hooks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return check_class_setting(
        "DECORUM_ACCOUNTS_HOOKS", app_settings.hooks(), AccountHooks, id="accounts.E001"
    )
