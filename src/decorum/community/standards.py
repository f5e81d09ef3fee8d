"""The community standards readers accept at sign-up and cite in reports.

They are built from the moderation policy (through the enforcement adapter), so the page, the
sign-up checkbox, the report form and the engine always name the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from decorum.enforcement.engine_adapter import community_rules, policy_in_force


@dataclass(frozen=True, slots=True)
class StandardRule:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Standards:
    """One version of the standards; ``version`` is what a user's acceptance records."""

    version: str
    rules: tuple[StandardRule, ...]

    def rule(self, rule_id: str) -> StandardRule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    @property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules)


def current_standards(language: str = "en") -> Standards:
    """Return the standards in force, in ``language``."""
    return _standards(policy_in_force()[0], language)


@lru_cache(maxsize=32)
def _standards(policy_number: int, language: str) -> Standards:
    """Cached per stored policy version: a saved version is new data, never an edit."""
    version, rules = community_rules(language)
    return Standards(
        version=version,
        rules=tuple(StandardRule(id=r.id, title=r.title, text=r.text) for r in rules),
    )
