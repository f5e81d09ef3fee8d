"""Formatting: comments shouted in capitals, or one long run-on with no sentence breaks."""

from __future__ import annotations

import re
from typing import ClassVar

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Evidence, Finding

_WORD = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"[.!?;…。]")
_ANY_MARK = re.compile(r"[,.;:!?…—–()«»\"]")


class FormattingDetector(BaseDetector):
    id: ClassVar[str] = "formatting"
    version: ClassVar[str] = "1"
    rules: ClassVar[frozenset[str]] = frozenset({"formatting"})
    needs: ClassVar[frozenset[str]] = frozenset({"urls"})

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        min_letters = int(ctx.params.get("min_letters", 12))
        caps_ratio = float(ctx.params.get("caps_ratio", 0.7))
        run_on = int(ctx.params.get("run_on_words", 40))
        text = features.original
        # URLs are not prose: their case says nothing about shouting.
        for url in reversed(features.urls):
            text = text[: url.start] + " " * (url.end - url.start) + text[url.end :]
        upper = lower = all_upper = all_lower = 0
        for word in _WORD.findall(text[:5000]):
            if word.isascii() and word.islower():  # most words: no per-letter count needed
                caps, small = 0, len(word)
            else:
                caps = sum(map(str.isupper, word))
                small = sum(map(str.islower, word))
            all_upper += caps
            all_lower += small
            if caps == len(word) and 1 < len(word) <= 5:
                continue  # an acronym or one short shouted word ("NATO", "NO")
            upper += caps
            lower += small
        if all_lower == 0:
            # Nothing is in lower case, so the short words are shouting too, not acronyms.
            upper, lower = all_upper, all_lower
        letters = upper + lower
        if letters >= min_letters:
            ratio = upper / letters
            if ratio >= caps_ratio:
                score = 0.5 + 0.5 * (ratio - caps_ratio) / max(1e-6, 1 - caps_ratio)
                return [
                    self.finding(
                        "formatting",
                        score,
                        f"{ratio:.0%} of the letters are capitals.",
                        (
                            Evidence(
                                "score", text=features.original[:80], detail=f"caps {ratio:.2f}"
                            ),
                        ),
                        code="capitals",
                        params={"share": round(ratio, 4)},
                    )
                ]
        # Run-on: the longest stretch of words without a sentence break.
        longest, best_span, count, span_start = 0, (0, 0), 0, 0
        pos = 0
        for m in re.finditer(r"\S+", text[:5000]):
            if count == 0:
                span_start = m.start()
            count += 1
            if count > longest:
                longest, best_span = count, (span_start, m.end())
            if _BREAK.search(m.group()):
                count = 0
            pos = m.end()
        del pos
        # With not even a comma anywhere, a shorter stretch is already a run-on.
        if longest < run_on and not _ANY_MARK.search(text):
            run_on = min(run_on, int(ctx.params.get("unpunctuated_words", 30)))
        if longest >= run_on:
            score = min(1.0, 0.5 + (longest - run_on) / (2 * run_on))
            s, e = best_span
            return [
                self.finding(
                    "formatting",
                    score,
                    f"{longest} words run on without a sentence break.",
                    (Evidence("span", s, e, features.original[s : min(e, s + 80)], "run-on"),),
                    code="run_on",
                    params={"words": longest},
                )
            ]
        return [self.finding("formatting", 0.0, "Readable formatting.")]
