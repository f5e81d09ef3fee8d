"""Features computed once per comment and shared by every detector.

Normalisation keeps an offset map so that evidence found in the folded text can be
reported as spans of the original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # folded form (lower case, homoglyphs/leet folded, repeats squeezed)
    start: int  # span in the ORIGINAL text
    end: int


@dataclass(frozen=True, slots=True)
class UrlInfo:
    url: str  # as cleaned (evil[.]com -> evil.com, trailing punctuation removed)
    host: str  # lower case, IDNA-decoded
    registered_domain: str  # e.g. "example.co.uk"
    suffix: str
    start: int  # span in the ORIGINAL text
    end: int


@dataclass(slots=True)
class Features:
    """Everything detectors share. Expensive members (embedding) are computed lazily, once."""

    original: str  # the text as received, bounded to the engine's maximum length
    clean: str  # NFKC, control/zero-width/bidi characters removed, case kept
    folded: str  # lower case, homoglyphs and leetspeak folded, repeats squeezed, spaced letters joined
    folded_to_original: list[int]  # folded index -> original index (len(folded) + 1 entries)
    tokens: list[Token]
    urls: list[UrlInfo]
    language: str | None  # ISO 639-1, or None when too short/unsure
    language_confidence: float
    edition: str
    truncated: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def span(self, folded_start: int, folded_end: int) -> tuple[int, int]:
        """Map a span of ``folded`` back to the original text."""
        last = len(self.folded_to_original) - 1
        start = self.folded_to_original[max(0, min(folded_start, last))]
        end = self.folded_to_original[max(0, min(folded_end, last))]
        return start, max(start, end)
