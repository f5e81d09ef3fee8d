"""Golden cases for the lexical detectors (profanity, privacy, links, lexicon)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from decorum.moderation.detectors.base import DetectContext
from decorum.moderation.detectors.lexicon import QUOTED_SCORE, LexiconDetector
from decorum.moderation.detectors.links import LinkDetector
from decorum.moderation.detectors.privacy import PrivacyDetector
from decorum.moderation.detectors.profanity import ProfanityDetector
from decorum.moderation.features import compute_features
from decorum.moderation.types import ArticleContext, CommentInput

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "lexical.yaml").read_text("utf-8"))
DETECTORS = (ProfanityDetector(), PrivacyDetector(), LinkDetector(), LexiconDetector())


def scores_for(text: str, edition: str, ctx: DetectContext | None = None) -> dict[str, float]:
    comment = CommentInput(
        id="t1",
        text=text,
        author="tester",
        article=ArticleContext(id="a1", edition=edition, title="A test article"),
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    features = compute_features(text, edition)
    out: dict[str, float] = {}
    for detector in DETECTORS:
        for finding in detector.detect(comment, features, ctx or DetectContext()):
            out[finding.rule] = max(out.get(finding.rule, 0.0), finding.score)
            if finding.score >= 0.5:
                assert finding.evidence, f"{finding.rule} fired without evidence"
                assert finding.reason
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_golden_lexical_case(case: dict[str, Any]) -> None:
    scores = scores_for(case["text"], case["edition"])
    for rule in case.get("fires", []):
        assert scores.get(rule, 0.0) >= 0.5, f"{rule} should fire: {scores}"
    for rule in case.get("quiet", []):
        assert scores.get(rule, 0.0) < 0.5, f"{rule} should stay quiet: {scores}"
    for rule in case.get("reviews", []):  # the default policy's review band: a person decides
        assert 0.45 <= scores.get(rule, 0.0) < 0.5, f"{rule} should be queued: {scores}"
    for rule in case.get("silent", []):  # not even queued
        assert scores.get(rule, 0.0) < 0.45, f"{rule} should not be raised at all: {scores}"


def test_evidence_spans_point_into_the_original_text() -> None:
    text = "Well, sh1t happens."
    comment = CommentInput(
        "t", text, "a", ArticleContext("a1", "en"), datetime(2026, 3, 1, tzinfo=UTC)
    )
    (finding,) = ProfanityDetector().detect(comment, compute_features(text, "en"), DetectContext())
    span = finding.evidence[0]
    assert span.start is not None and span.end is not None
    assert text[span.start : span.end] == "sh1t"


def test_publisher_lists_extend_the_detectors() -> None:
    ctx = DetectContext(
        publisher_names=("Daily Lantern",),
        blocked_domains=frozenset({"bad-mirror.example.org"}),
        word_lists={"profanity": ("frak",)},
    )
    scores = scores_for(
        "The Daily Lantern is a joke. Frak this, read bad-mirror.example.org/news instead.",
        "en",
        ctx,
    )
    assert scores["disrespect_publisher"] >= 0.5
    assert scores["profanity"] >= 0.5
    assert scores["malware"] >= 0.5


def test_hostile_input_stays_fast() -> None:
    import time

    text = ("a" * 50 + "*" * 5 + " ") * 4000 + "x@" * 5000
    started = time.perf_counter()
    scores_for(text[:200_000], "en")
    assert time.perf_counter() - started < 10.0  # a guard against runaway work, not a target


@pytest.mark.parametrize(
    ("text", "edition", "rule"),
    [
        ("Folk who call asylum seekers cockroaches ought to meet one first.", "en", "hate"),
        ("He called me a moron at the bus stop, in front of my kids.", "en", "insults_threats"),
        ("Называть беженцев паразитами — значит повторять пропаганду.", "ru", "hate"),
        ("Llamar parásitos a los inmigrantes es vergonzoso.", "es", "hate"),
    ],
)
def test_a_word_reported_as_someone_elses_is_held_for_a_person(
    text: str, edition: str, rule: str
) -> None:
    """The cue still matches (a moderator sees it), capped below rejection and saying why."""
    comment = CommentInput(
        "t", text, "a", ArticleContext("a1", edition), datetime(2026, 3, 1, tzinfo=UTC)
    )
    findings = LexiconDetector().detect(comment, compute_features(text, edition), DetectContext())
    (finding,) = [f for f in findings if f.rule == rule]
    assert finding.score == QUOTED_SCORE
    assert any("someone else's word reported" in ev.detail for ev in finding.evidence)
