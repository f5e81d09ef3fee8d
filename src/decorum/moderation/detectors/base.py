"""The Detector contract: what a detector declares, and the one method the engine calls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from decorum.moderation.types import CommentInput, Evidence, Finding

if TYPE_CHECKING:
    from decorum.moderation.features import Features
    from decorum.moderation.state import StateStore


@dataclass(frozen=True, slots=True)
class DetectContext:
    """What a detector may read besides the comment: its parameters from the policy and state."""

    params: Mapping[str, Any] = field(default_factory=dict)
    state: StateStore | None = None
    publisher_names: tuple[str, ...] = ()
    word_lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    allowed_domains: frozenset[str] = frozenset()
    blocked_domains: frozenset[str] = frozenset()


class Detector(Protocol):
    """A component that scores one or more rules.

    ``detect`` is pure: it reads the comment, the precomputed features and the context and
    returns findings (one per rule it scores, with score 0.0 when nothing was found so the
    verdict can report every scored rule). Stateful detectors read ``ctx.state`` in
    ``detect`` and write to it only in ``observe``, which the engine calls once the
    verdict is made.
    """

    id: ClassVar[str]
    version: ClassVar[str]
    rules: ClassVar[frozenset[str]]
    languages: ClassVar[frozenset[str] | None]  # None: language-independent
    needs: ClassVar[frozenset[str]]  # feature names, e.g. {"tokens", "urls", "embedding"}
    stateful: ClassVar[bool]

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]: ...

    def observe(self, comment: CommentInput, features: Features, ctx: DetectContext) -> None: ...


_NOTHING: dict[tuple[str, tuple[str, str]], Finding] = {}


class BaseDetector:
    """Convenience base with the class attributes and helpers most detectors share."""

    id: ClassVar[str] = "base"
    version: ClassVar[str] = "1"
    rules: ClassVar[frozenset[str]] = frozenset()
    languages: ClassVar[frozenset[str] | None] = None
    needs: ClassVar[frozenset[str]] = frozenset()
    stateful: ClassVar[bool] = False

    @property
    def tag(self) -> str:
        return f"{self.id}@{self.version}"

    def finding(
        self,
        rule: str,
        score: float,
        reason: str,
        evidence: tuple[Evidence, ...] = (),
        *,
        code: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> Finding:
        score = max(0.0, min(1.0, float(score)))
        if score == 0.0 and not evidence and not code:
            # Most findings are "nothing found" with a fixed reason; they are immutable, so
            # one instance per (rule, reason) serves every comment.
            key = (rule, reason)
            cached = _NOTHING.get((self.tag, key))
            if cached is None:
                cached = Finding(rule=rule, score=0.0, detector=self.tag, reason=reason)
                if len(_NOTHING) < 1024:
                    _NOTHING[(self.tag, key)] = cached
            return cached
        return Finding(
            rule=rule,
            score=score,
            detector=self.tag,
            reason=reason,
            evidence=evidence,
            code=code,
            params=dict(params or {}),
        )

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        raise NotImplementedError

    def observe(self, comment: CommentInput, features: Features, ctx: DetectContext) -> None:
        return None
