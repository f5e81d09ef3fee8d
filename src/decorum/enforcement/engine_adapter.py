"""The only module in the site that imports the moderation engine (``decorum.moderation``).

Everything else asks this adapter, so the engine can change shape without touching the apps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True, slots=True)
class RuleText:
    """One rule of the publisher's policy in one language, as plain data."""

    id: str
    title: str
    text: str


@lru_cache(maxsize=1)
def _policy() -> Any:
    """Load the engine's default policy once per process (it is read-only data)."""
    try:
        from decorum.moderation.policy import load_default_policy
    except ImportError as err:
        raise ImproperlyConfigured(
            "The moderation policy is not available: decorum.moderation.policy."
            "load_default_policy() could not be imported, so the community standards cannot be "
            "built."
        ) from err
    return load_default_policy()


def _rules(policy: Any) -> Iterable[Any]:
    rules = policy.rules
    if hasattr(rules, "values"):
        return list(rules.values())
    return list(rules)


def policy_version() -> str:
    return str(_policy().version)


def community_rules(language: str = "en") -> tuple[str, tuple[RuleText, ...]]:
    """Return ``(policy version, rules)`` in ``language`` for the community standards page."""
    policy = _policy()
    rules = tuple(
        RuleText(id=str(rule.id), title=str(rule.title(language)), text=str(rule.text(language)))
        for rule in _rules(policy)
    )
    return str(policy.version), rules


def clear_caches() -> None:
    """Forget the loaded policy (tests and a future admin edit of the policy call this)."""
    _policy.cache_clear()
