"""The literal prefilter may only skip patterns that cannot match: never a real match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from decorum.moderation.detectors.lexicon import cue_book
from decorum.moderation.features import compute_features
from decorum.moderation.literals import LiteralFilter, necessary_literals

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "lexical.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bkys\b", {"kys"}),
        (r"(?:go|just)\s+(?:kill|hang)\s+yourself", {"yourself"}),
        (r"(?:torch|burn down)\s+the", {"torch", "burn down"}),
        (r"ab(?:cd)+", {"ab"}),
        (r"(?:idiot|moron)s?\b", {"idiot", "moron"}),
        (r"\d{2,4}\s?%", None),  # no literal at all
        (r"(?:foo|\w+)bar", {"bar"}),  # one branch has no literal: fall back to the rest
        (r"(?:x)?", None),
        (r"a|bc", None),  # "a" is too short to be worth indexing
    ],
)
def test_necessary_literals(pattern: str, expected: set[str] | None) -> None:
    found = necessary_literals(pattern, re.IGNORECASE)
    assert (set(found) if found is not None else None) == expected


def test_case_variants_that_ignorecase_accepts_are_not_filtered_out() -> None:
    patterns = [re.compile("kill", re.IGNORECASE), re.compile("stop", re.IGNORECASE)]
    filt = LiteralFilter(patterns)
    for text in ["kıll them", "ſtop now"]:  # dotless i, long s
        matching = {i for i, p in enumerate(patterns) if p.search(text)}
        assert matching and matching <= filt.candidates(text)


def _texts() -> list[str]:
    texts = [str(case["text"]) for case in CASES]
    texts += [
        "They should never be allowed to vote, deport them all.",
        "Glory to the martyrs who burn down the parliament",
        "вы тупые, читать научись",
        "Eres un payaso y un fraude",
        "Shoot, I locked in a variable rate.",
        "",
    ]
    return [compute_features(t, "en").folded for t in texts]


def test_every_lexicon_cue_that_matches_is_a_candidate() -> None:
    book = cue_book()
    for text in _texts():
        matching = {i for i, cue in enumerate(book.cues) if cue.pattern.search(text)}
        assert matching <= book.prefilter.candidates(text), text


def test_most_comments_need_no_cue_searched() -> None:
    book = cue_book()
    text = compute_features("The council should publish the figures before the vote.", "en").folded
    assert len(book.prefilter.candidates(text)) < len(book.cues) // 10
