"""Hostile input is bounded: huge, invalid or pathological text is decided quickly and safely."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from decorum.moderation.engine import Engine
from decorum.moderation.policy import load_default_policy
from decorum.moderation.types import ACTIONS, ArticleContext, CommentInput

ARTICLE = ArticleContext("a1", "en", "Bank raises rate", "The central bank raised its rate.")

HOSTILE = {
    "megabytes": "Hello there. " + "a" * 3_000_000,
    "lone_surrogates": "Nice \ud800 piece \udfff about rates.",
    "controls_and_bidi": "Good\x00 point\u202e about\u200b the\x1b rate.",
    "regex_bait": "a" * 4000 + "!" * 900,
    "dots_and_spaces": "k . " * 2000,
    "url_bait": "http://" + "a." * 2000 + "com",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    eng = Engine(load_default_policy())
    # The first decision loads models; keep that out of the timed checks below.
    eng.decide(
        CommentInput("warm", "Warm-up comment about rates.", "w", ARTICLE, datetime.now(UTC))
    )
    return eng


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_it_decides_hostile_input_quickly_with_spans_inside_the_text(
    engine: Engine, name: str
) -> None:
    text = HOSTILE[name]
    comment = CommentInput(f"h-{name}", text, f"u-{name}", ARTICLE, datetime.now(UTC))
    started = time.perf_counter()
    verdict = engine.decide(comment)
    assert time.perf_counter() - started < 10.0  # a guard against runaway work, not a target
    assert verdict.action in ACTIONS
    for finding in verdict.fired:
        for ev in finding.evidence:
            if ev.start is not None and ev.end is not None:
                assert 0 <= ev.start <= ev.end <= len(text)
