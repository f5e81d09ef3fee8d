"""Wrong language: the comment is written in a language other than the edition's."""

from __future__ import annotations

from typing import ClassVar

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Evidence, Finding

# The scripts each edition's language is written in.
_EDITION_SCRIPTS = {"en": {"latin"}, "es": {"latin"}, "ru": {"cyrillic"}}


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x400 <= code <= 0x52F:
        return "cyrillic"
    return "other"


def _foreign_script_share(text: str, edition: str) -> tuple[float, int] | None:
    """Share of letters in scripts the edition does not use, and the letter count."""
    expected = _EDITION_SCRIPTS.get(edition)
    if expected is None:
        return None
    count = sum(map(str.isalpha, text))
    if not count:
        return None
    if text.isascii():  # every letter is Latin
        return (0.0 if "latin" in expected else 1.0), count
    foreign = sum(1 for c in text if c.isalpha() and _script(c) not in expected)
    return foreign / count, count


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
        letters = sum(map(str.isalpha, features.clean[:1000]))
        foreign = _foreign_script_share(features.clean[:1000], edition)
        if foreign is not None and foreign[0] >= 0.6 and foreign[1] >= 5:
            share, count = foreign
            return [
                self.finding(
                    "wrong_language",
                    0.6 + 0.4 * share,
                    f"Written in a script the {edition!r} edition does not use.",
                    (Evidence("score", detail=f"{share:.0%} of {count} letters"),),
                    code="foreign_script",
                    params={"edition": edition, "share": round(share, 4)},
                )
            ]
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
                code="other_language",
                params={"language": lang, "edition": edition},
            )
        ]
