"""The engine's data contract: frozen dataclasses shared by features, detectors and engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Action = Literal["allow", "queue", "reject"]
ACTIONS: tuple[Action, ...] = ("allow", "queue", "reject")

RULE_IDS: tuple[str, ...] = (
    "off_topic",
    "hate",
    "minors",
    "extremism",
    "insults_threats",
    "disrespect_publisher",
    "privacy",
    "violence",
    "suicide",
    "commercial",
    "third_party_promotion",
    "profanity",
    "spam",
    "drugs",
    "malware",
    "flash_mob",
    "flooding",
    "trolling",
    "formatting",
    "wrong_language",
)

# Rules whose breaches are judged from meaning and wording: scored by both the trained
# classifier and the lexicon of cue phrases.
SEMANTIC_RULES: tuple[str, ...] = (
    "hate",
    "minors",
    "extremism",
    "insults_threats",
    "disrespect_publisher",
    "violence",
    "suicide",
    "commercial",
    "third_party_promotion",
    "spam",
    "drugs",
    "trolling",
)


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """The article a comment is posted under; ``edition`` is its ISO 639-1 language."""

    id: str
    edition: str
    title: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class ParentContext:
    id: str
    text: str
    author: str = ""


@dataclass(frozen=True, slots=True)
class CommentInput:
    """One comment to decide. ``created_at`` must be timezone-aware."""

    id: str
    text: str
    author: str
    article: ArticleContext
    created_at: datetime
    parent: ParentContext | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a rule fired: a span of the *original* text, a matched pattern, or related ids."""

    kind: Literal["span", "pattern", "related", "score"]
    start: int | None = None
    end: int | None = None
    text: str = ""
    detail: str = ""
    related_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.start is not None:
            out["start"] = self.start
            out["end"] = self.end
        if self.text:
            out["text"] = self.text
        if self.detail:
            out["detail"] = self.detail
        if self.related_ids:
            out["related_ids"] = list(self.related_ids)
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """A detector's claim that ``rule`` applies with ``score`` in [0, 1].

    ``reason`` is English prose for the command line and moderators; ``code`` and ``params``
    say the same as data (``code`` is stable, ``params`` hold plain values), so the site can
    explain a finding to a reader in their language without showing scores or detectors.
    """

    rule: str
    score: float
    detector: str  # "detector_id@version"
    reason: str
    evidence: tuple[Evidence, ...] = ()
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule,
            "score": round(self.score, 4),
            "detector": self.detector,
            "evidence": [e.as_dict() for e in self.evidence],
            "reason": self.reason,
            "code": self.code,
            "params": dict(self.params),
        }


@dataclass(frozen=True, slots=True)
class DetectorFailure:
    detector: str
    reason: str  # "timeout" or the error's class and message


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's decision on one comment, complete enough to store and explain.

    ``rule`` is the rule the decision cites, chosen once by the policy that decided (for a
    rejection the highest-scoring fired rule whose action is reject; for a hold the
    highest-scoring fired rule; "" otherwise). ``review`` lists rules that scored between
    their review threshold and their threshold.
    """

    comment_id: str
    action: Action
    fired: tuple[Finding, ...]
    scores: Mapping[str, float]
    policy_version: str
    engine_version: str
    statement: str
    failures: tuple[DetectorFailure, ...] = ()
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    rule: str = ""
    review: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.comment_id,
            "action": self.action,
            "rule": self.rule,
            "review": list(self.review),
            "rules": [f.as_dict() for f in self.fired],
            "scores": {k: round(v, 4) for k, v in sorted(self.scores.items())},
            "policy_version": self.policy_version,
            "engine_version": self.engine_version,
            "statement": self.statement,
            "failures": [{"detector": f.detector, "reason": f.reason} for f in self.failures],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }
