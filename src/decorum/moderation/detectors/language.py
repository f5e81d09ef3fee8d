"""Wrong language: the comment is written in a language other than the edition's."""

from __future__ import annotations

from typing import ClassVar

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Evidence, Finding


class LanguageDetector(BaseDetector):
    id: ClassVar[str] = "language"
    version: ClassVar[str] = "1"
    rules: ClassVar[frozenset[str]] = frozenset({"wrong_language"})
    needs: ClassVar[frozenset[str]] = frozenset({"language"})

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        min_letters = int(ctx.params.get("min_letters", 15))
        min_conf = float(ctx.params.get("min_confidence", 0.5))
        edition = features.edition or comment.article.edition
        lang, conf = features.language, features.language_confidence
        letters = sum(1 for c in features.clean[:1000] if c.isalpha())
        if lang is None or letters < min_letters or lang == edition:
            return [self.finding("wrong_language", 0.0, "Written in the edition's language.")]
        # Longer texts make the guess more reliable; short ones need a confident guess.
        length_factor = min(1.0, letters / 40)
        score = conf * (0.6 + 0.4 * length_factor) if conf >= min_conf else conf * 0.5
        return [
            self.finding(
                "wrong_language",
                score,
                f"Written in {lang!r} under the {edition!r} edition.",
                (Evidence("score", detail=f"{lang} {conf:.2f}"),),
            )
        ]
