"""The trained classifier's evidence: spans of the original text over the words that hold a
rule's score up, found by taking each word out of the comment (occlusion).

Every string here is a short, mild example written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from decorum.moderation.detectors.base import DetectContext
from decorum.moderation.detectors.classifier import (
    MAX_EVIDENCE_WORDS,
    MAX_OCCLUDED,
    OCCLUSION,
    QUEUE_SCORE,
    ClassifierDetector,
    Occlusion,
    get_model,
    ngram_indices,
)
from decorum.moderation.engine import Engine
from decorum.moderation.features import Features, compute_features
from decorum.moderation.policy import load_default_policy
from decorum.moderation.types import ArticleContext, CommentInput, Evidence, Finding

FUNCTION_WORDS = {"is", "a", "an", "are", "the", "и", "в", "на", "а"}
INVISIBLE = {"\u200b", "\u00ad", "\u200d"}


def _comment(text: str, edition: str) -> CommentInput:
    article = ArticleContext(id="a1", edition=edition, title="Tram line extension approved")
    return CommentInput("c1", text, "u1", article, datetime(2026, 3, 1, tzinfo=UTC))


def _checked(text: str, edition: str = "en") -> tuple[Features, list[Finding]]:
    """The detector on features from the engine's own normalisation (as in production)."""
    features = compute_features(text, edition)
    findings = ClassifierDetector().detect(_comment(text, edition), features, DetectContext())
    return features, findings


def _evidence(text: str, edition: str, rule: str) -> tuple[Features, tuple[Evidence, ...]]:
    features, findings = _checked(text, edition)
    finding = next(f for f in findings if f.rule == rule)
    assert finding.score >= QUEUE_SCORE, (text, rule, finding.score)
    return features, finding.evidence


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in INVISIBLE)


# text, edition, rule, words that must be marked
MARKS = [
    ("You are a pathetic idiot", "en", "insults_threats", {"idiot"}),
    ("This is a stupid take, you brainless clown", "en", "insults_threats", {"brainless"}),
    ("  🙂 YOU ARE A PATHETIC IDIOT!!", "en", "insults_threats", {"IDIOT"}),
    ("Ты тупой урод", "ru", "insults_threats", {"урод"}),
    ("  😡 Ты тупой урод!!!", "ru", "insults_threats", {"урод"}),
    ("Ещё раз напишешь — найду и сломаю тебе нос", "ru", "insults_threats", {"найду"}),
    ("Check out my channel and subscribe for daily videos!", "en", "third_party_promotion",
     {"subscribe"}),
    ("Подписывайтесь на мой канал, там всё подробно", "ru", "third_party_promotion",
     {"Подписывайтесь"}),
    ("Earn $500 a day from home, message me on WhatsApp", "en", "spam", {"WhatsApp"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "edition", "rule", "expected"), MARKS)
def test_it_marks_the_words_that_carry_the_rule_and_not_function_words(
    text: str, edition: str, rule: str, expected: set[str]
) -> None:
    features, evidence = _evidence(text, edition, rule)
    assert evidence, text
    marked = set()
    for ev in evidence:
        assert ev.kind == "span" and ev.detail == OCCLUSION
        assert ev.start is not None and ev.end is not None
        assert ev.text == text[ev.start : ev.end] == features.original[ev.start : ev.end]
        marked.add(ev.text)
    assert expected <= marked, (text, marked)
    assert not {m.casefold() for m in marked} & FUNCTION_WORDS, (text, marked)
    assert len(marked) <= MAX_EVIDENCE_WORDS


@pytest.mark.parametrize(
    ("text", "edition", "insult"),
    [
        ("\u200b\u200b  🙂🙂 You Are A Pathetic IDIOT", "en", "IDIOT"),
        ("You are a pathe\u200btic idi\u00adot", "en", "idi\u00adot"),
        ("ﬁne, you are a pathetic idiot", "en", "idiot"),  # the ligature is one char of three
        ("You are a pathetic ｉｄｉｏｔ", "en", "ｉｄｉｏｔ"),  # full-width letters
        ("  😡 Ты тупой урод!!!", "ru", "урод"),
    ],
)
def test_offsets_index_the_original_text_not_the_normalised_one(
    text: str, edition: str, insult: str
) -> None:
    _, evidence = _evidence(text, edition, "insults_threats")
    spans = {(ev.start, ev.end) for ev in evidence}
    start = text.index(insult)
    assert (start, start + len(insult)) in spans
    for ev in evidence:
        assert ev.start is not None and ev.end is not None
        assert _visible(text[ev.start : ev.end]).strip() == _visible(ev.text).strip() != ""
        assert not text[ev.start].isspace() and not text[ev.end - 1].isspace()


def test_every_occurrence_of_a_marked_word_is_marked() -> None:
    text = "Idiot. You idiot, honestly, what an idiot"
    _, evidence = _evidence(text, "en", "insults_threats")
    starts = sorted(ev.start or 0 for ev in evidence if ev.text.casefold() == "idiot")
    assert starts == [0, 11, 36]


def test_a_drop_is_the_logit_lost_by_rescoring_the_text_without_the_word() -> None:
    """The incremental computation gives what rescoring the shortened text from scratch does
    (the embedding is held fixed, so it cancels out)."""
    model = get_model()
    columns = list(range(len(model.rules)))
    zero = np.zeros(model.w_emb.shape[0], dtype=np.float32)
    for text in (
        "idiot idiot, you idiot are a idiot",
        "Check out my channel 📺📺 and subscribe, subscribe!",
        "Ты просто тупой, читать научись.",
    ):
        occlusion = Occlusion.compute(model, text, columns)
        full = model.logits(zero, ngram_indices(text)[0])
        assert len(occlusion.spans) > 2
        for unit, spans in enumerate(occlusion.spans):
            without = text
            for start, end in reversed(spans):
                without = without[:start] + without[end:]
            rescored = full - model.logits(zero, ngram_indices(without)[0])
            assert np.allclose(occlusion.drops[unit], rescored, atol=1e-4), (text, spans)


def test_a_harmless_comment_carries_no_evidence() -> None:
    _, findings = _checked("The new tram stop opens on Monday, good news for the east side.")
    assert all(f.score < QUEUE_SCORE and f.evidence == () for f in findings)


def test_long_hostile_text_is_occluded_within_bounds() -> None:
    words = [f"w{i}x{i % 7}q" for i in range(1200)]
    text = "You are a pathetic idiot " + " ".join(words)
    features = compute_features(text, "en", 5000)
    features.embedding()
    # Bounded by construction, not by a stopwatch (timings belong to bench/): at most
    # MAX_OCCLUDED candidate words are taken out, whatever the text's length.
    findings = ClassifierDetector().detect(_comment(text, "en"), features, DetectContext())
    assert any(f.rule == "insults_threats" for f in findings)
    occlusion = Occlusion.compute(get_model(), features.clean, [0])
    assert len(occlusion.spans) == MAX_OCCLUDED < len(words)
    assert occlusion.drops.shape == (MAX_OCCLUDED, 1)


def test_clean_spans_fall_back_to_nothing_rather_than_wrong_offsets() -> None:
    # Conjoining jamo compose across letters under NFKC: such text cannot be aligned.
    jamo = "\u1100\u1161 idiot"
    features = compute_features(jamo, "en")
    assert features.clean != jamo
    assert features.clean_span(2, 7) is None
    ligature = compute_features("ﬁne idiot", "en")
    assert ligature.clean == "fine idiot"
    assert ligature.clean_span(0, 4) == (0, 3)
    assert ligature.clean_span(5, 10) == (4, 9)


def test_the_engine_verdict_carries_spans_of_the_checked_text() -> None:
    text = "  Honestly? You are a pathetic idiot."
    verdict = Engine(load_default_policy()).decide(_comment(text, "en"))
    fired = {f["id"]: f for f in verdict.as_dict()["rules"]}
    assert "insults_threats" in fired
    spans = [ev for f in fired.values() for ev in f["evidence"] if "start" in ev]
    assert any("idiot" in ev["text"] for ev in spans)
    for ev in spans:
        assert text[ev["start"] : ev["end"]] == ev["text"]
