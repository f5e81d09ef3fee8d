"""App settings (``DECORUM_ACCOUNTS_*``), each with its documented default."""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default: object) -> object:
    return getattr(settings, f"DECORUM_ACCOUNTS_{name}", default)


def hooks() -> str:
    """``DECORUM_ACCOUNTS_HOOKS`` (``"decorum.accounts.hooks.AccountHooks"``): the dotted path
    of the class accounts tells about deletions, restores and erasures, and asks about the
    user's blocks at login and the restore link after a moderator's deletion (see
    ``decorum.accounts.hooks``). Decorum's settings name
    ``decorum.enforcement.gate.EnforcementAccountHooks``."""
    return str(_get("HOOKS", "decorum.accounts.hooks.AccountHooks"))
