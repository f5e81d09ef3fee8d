"""The only module in the site that imports the moderation engine (``decorum.moderation``).

Everything else asks this adapter, so the engine can change shape without touching the apps.
The policy in force is the newest stored ``PolicyVersion`` (or the engine's shipped policy
while none is stored); each process notices a newly saved version within a couple of seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import DatabaseError

from decorum.core.errors import ValidationFailed
from decorum.moderation.policy import PolicyError, default_policy_text, parse_policy

# How long a process trusts its idea of the policy in force before asking the database again.
POLICY_RECHECK_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class RuleText:
    """One rule of the publisher's policy in one language, as plain data."""

    id: str
    title: str
    text: str


@lru_cache(maxsize=4)
def _parsed(number: int, text: str) -> Any:
    """Parse a stored policy once per process (number 0 is the shipped policy)."""
    return parse_policy(text, f"policy version {number}" if number else "policy.yaml")


class _InForce:
    """This process's memo of which policy version is in force."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = 0.0
        self.number = -1
        self.text = ""

    def current(self) -> tuple[int, str]:
        with self.lock:
            if time.monotonic() - self.checked < POLICY_RECHECK_SECONDS and self.number >= 0:
                return self.number, self.text
            number, text = _stored_policy(self.number, self.text)
            self.number, self.text, self.checked = number, text, time.monotonic()
            return number, text

    def forget(self) -> None:
        with self.lock:
            self.checked, self.number, self.text = 0.0, -1, ""


_in_force = _InForce()


def _stored_policy(known_number: int, known_text: str) -> tuple[int, str]:
    from decorum.enforcement.models import PolicyVersion

    try:
        number = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first()
        if number is None:
            return 0, default_policy_text()
        if number == known_number:
            return known_number, known_text
        text = PolicyVersion.objects.values_list("text", flat=True).get(number=number)
        return number, text
    except DatabaseError:
        # before migrations (first start) the table is missing: the shipped policy applies
        return 0, default_policy_text()


def _policy() -> Any:
    return _parsed(*_in_force.current())


def policy_in_force() -> tuple[int, str]:
    """``(stored version number or 0 for the shipped policy, its YAML text)``."""
    return _in_force.current()


def shipped_policy_text() -> str:
    return default_policy_text()


def validate_policy_text(text: str, source_name: str = "policy") -> str:
    """Check a policy text the way the engine will read it; return its version string."""
    try:
        return str(parse_policy(text, source_name).version)
    except PolicyError as err:
        raise ValidationFailed(str(err), code="invalid_policy") from err


def _rules(policy: Any) -> Iterable[Any]:
    rules = policy.rules
    if hasattr(rules, "values"):
        return list(rules.values())
    return list(rules)


def policy_version() -> str:
    return str(_policy().version)


def community_rules(language: str = "en") -> tuple[str, tuple[RuleText, ...]]:
    """Return ``(policy version, enabled rules)`` in ``language`` for the standards page."""
    policy = _policy()
    rules = tuple(
        RuleText(id=str(rule.id), title=str(rule.title(language)), text=str(rule.text(language)))
        for rule in _rules(policy)
        if getattr(rule, "enabled", True)
    )
    return str(policy.version), rules


def clear_caches() -> None:
    """Forget the policy in force (saving a policy version calls this; so do tests)."""
    _in_force.forget()
    _parsed.cache_clear()
