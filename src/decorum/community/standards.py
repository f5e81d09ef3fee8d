"""The community standards readers accept at sign-up and cite in reports.

The comment gate supplies them (Decorum's builds them from the moderation policy), so the
page, the sign-up checkbox, the report form and the engine always name the same rules.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache

from decorum.community import app_settings
from decorum.community.gate import get_gate


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
    return _standards(app_settings.gate(), get_gate().rules_revision(), language)


@lru_cache(maxsize=32)
def _standards(gate: str, revision: Hashable, language: str) -> Standards:
    """Cached per gate (its dotted path) and revision (Decorum's: the stored policy version,
    and a saved version is new data, never an edit)."""
    version, rules = get_gate().community_rules(language)
    return Standards(
        version=version,
        rules=tuple(StandardRule(id=r.id, title=r.title, text=r.text) for r in rules),
    )
