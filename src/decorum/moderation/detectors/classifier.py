"""PLACEHOLDER until its owner lands the real detector: scores nothing."""

from __future__ import annotations

from typing import ClassVar

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Finding


class ClassifierDetector(BaseDetector):
    id: ClassVar[str] = "classifier"
    version: ClassVar[str] = "0"
    rules: ClassVar[frozenset[str]] = frozenset({'hate', 'minors', 'extremism', 'insults_threats', 'disrespect_publisher', 'violence', 'suicide', 'commercial', 'third_party_promotion', 'spam', 'drugs', 'trolling'})

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        return []
