"""Golden cases for the trained classifiers, with short mild strings written for these tests."""

from __future__ import annotations

import time

import numpy as np
import pytest

from decorum.moderation.detectors.base import DetectContext
from decorum.moderation.detectors.classifier import (
    CLASSIFIER_RULES,
    QUEUE_SCORE,
    ClassifierDetector,
    features_embedding,
    get_model,
    ngram_indices,
    ngram_keys,
    prime_embeddings,
)
from decorum.moderation.embeddings import EMBEDDING_DIM, get_embedder
from decorum.moderation.features import Features
from decorum.moderation.types import ArticleContext, CommentInput, Finding

ARTICLE = ArticleContext(id="a1", edition="en", title="Council debates housing plan", body="")


def make_features(text: str, edition: str = "en") -> Features:
    return Features(
        original=text,
        clean=text,
        folded=text.casefold(),
        folded_to_original=list(range(len(text) + 1)),
        tokens=[],
        urls=[],
        language=edition,
        language_confidence=1.0,
        edition=edition,
    )


def scores_for(text: str, edition: str = "en") -> dict[str, float]:
    from datetime import UTC, datetime

    comment = CommentInput(
        id="c1",
        text=text,
        author="u1",
        article=ArticleContext(id="a1", edition=edition),
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    findings = ClassifierDetector().detect(comment, make_features(text, edition), DetectContext())
    return {f.rule: f.score for f in findings}


FIRES = [
    ("insults_threats", "You are a clueless idiot, honestly.", "en"),
    ("insults_threats", "Ты просто тупой, читать научись.", "ru"),
    ("insults_threats", "Eres un imbécil, no tienes ni idea.", "es"),
    ("suicide", "Go jump off a bridge, nobody would miss you.", "en"),
    ("third_party_promotion", "Check out my channel and subscribe for daily videos!", "en"),
    ("spam", "Earn 500 a day from home, no experience needed, message me now!!!", "en"),
    ("disrespect_publisher", "This paper's reporters are lazy hacks.", "en"),
    ("drugs", "Best weed in town, fast delivery, DM me.", "en"),
    ("hate", "Immigrants are parasites, kick every one of them out.", "en"),
    ("violence", "They kicked the dog until its ribs cracked and it lay bleeding.", "en"),
]

QUIET = [
    ("The minister's housing policy is a mistake and will push rents up.", "en"),
    ("This tax will kill small shops in our town.", "en"),
    ("Hang in there, the trains will be back next week.", "en"),
    ("I disagree with you: the report says four percent, not six.", "en"),
    ("No estoy de acuerdo con el alcalde, pero el plan tiene cosas buenas.", "es"),
    ("Согласен, хорошая новость для района.", "ru"),
    ("My daughter is eight and loves the new playground.", "en"),
]


@pytest.mark.parametrize(("rule", "text", "edition"), FIRES)
def test_it_flags_the_rule_a_comment_breaks(rule: str, text: str, edition: str) -> None:
    # Flagged means at least queued for a person: rejecting on the classifier alone needs a
    # score where its out-of-fold precision reached 0.99, which the plainest cases reach.
    assert scores_for(text, edition)[rule] >= QUEUE_SCORE


@pytest.mark.parametrize(("text", "edition"), QUIET)
def test_it_leaves_civil_comments_and_policy_criticism_alone(text: str, edition: str) -> None:
    scores = scores_for(text, edition)
    assert max(scores.values()) < QUEUE_SCORE, scores


def test_an_insult_aimed_at_a_person_scores_above_criticism_of_a_policy() -> None:
    at_person = scores_for("You are an idiot and a liar.")["insults_threats"]
    at_policy = scores_for("This policy is idiotic and the figures are misleading.")[
        "insults_threats"
    ]
    assert at_person > at_policy


def test_it_reports_every_rule_with_a_score_and_explains_the_fired_ones() -> None:
    from datetime import UTC, datetime

    # the insults classifier only queues (its out-of-fold precision never reaches 0.99); a
    # suicide taunt is scored past the reject score
    text = "Go jump off a bridge, nobody would miss you."
    feats = make_features(text)
    comment = CommentInput("c1", text, "u1", ARTICLE, datetime(2026, 3, 1, tzinfo=UTC))
    findings = ClassifierDetector().detect(comment, feats, DetectContext())
    assert {f.rule for f in findings} == set(CLASSIFIER_RULES)
    assert all(0.0 <= f.score <= 1.0 for f in findings)
    assert all(f.detector == "classifier@3" for f in findings)
    fired = [f for f in findings if f.score >= 0.5]
    assert fired
    for finding in fired:
        assert finding.evidence and all(ev.kind == "span" for ev in finding.evidence)
        assert all(ev.detail == "occlusion" for ev in finding.evidence)
    assert feats._cache["embedding"].shape == (EMBEDDING_DIM,)


def test_the_batch_path_matches_one_by_one_scoring() -> None:
    texts = ["You are a clueless idiot.", "Lovely weather for the launch."]
    batch = [make_features(t) for t in texts]
    prime_embeddings(batch)
    assert all(f._cache["embedding"].shape == (EMBEDDING_DIM,) for f in batch)
    single = get_embedder().embed([texts[0]])[0]
    assert np.allclose(batch[0]._cache["embedding"], single, atol=1e-4)
    scores = ClassifierDetector().score_texts(texts)
    assert scores.shape == (2, len(CLASSIFIER_RULES))
    assert scores[0, CLASSIFIER_RULES.index("insults_threats")] > scores[1].max()


def test_ngrams_fold_leetspeak_and_masked_words() -> None:
    assert "w:shit" in ngram_keys("sh1t happens")
    assert "b:my channel" in ngram_keys("Check my channel")


def test_scoring_one_comment_needs_no_more_than_a_few_milliseconds_without_the_embedding() -> None:
    model = get_model()
    feats = make_features("Honestly the easiest way is to use ComplyBox, code PARL20 for 20% off.")
    emb = features_embedding(feats)
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        idx, _ = ngram_indices(feats.clean)
        model.calibrate(model.logits(emb, idx))
        timings.append(time.perf_counter() - started)
    assert float(np.median(timings)) < 0.01  # typically 0.2 ms; bench/ has the figures


def test_invalid_unicode_and_control_characters_are_scored_not_crashed_on() -> None:
    scores = scores_for("\ud800 you idiot \x00\x07")
    assert set(scores) == set(CLASSIFIER_RULES)
    assert get_embedder().embed(["\ud800", ""]).shape == (2, EMBEDDING_DIM)


def test_hostile_input_is_bounded() -> None:
    text = "idiot " * 200_000 + "\x00\ud800"
    started = time.perf_counter()
    idx, keys = ngram_indices(text)
    assert time.perf_counter() - started < 5.0  # a guard against quadratic work, not a target
    assert idx.size == len(keys) < 5000


def test_a_negated_word_behind_a_rejecting_score_sends_the_comment_to_a_person() -> None:
    from datetime import UTC, datetime

    from decorum.moderation.detectors.classifier import DENIED_SCORE

    def hate(text: str) -> Finding:
        comment = CommentInput("c2", text, "u1", ARTICLE, datetime(2026, 3, 1, tzinfo=UTC))
        findings = ClassifierDetector().detect(comment, make_features(text), DetectContext())
        return next(f for f in findings if f.rule == "hate")

    # the model scores the claim and its denial alike; only the claim is rejected
    assert hate("Women are inferior to men.").score >= 0.5
    denied = hate("Women are not inferior to men in any way.")
    assert denied.score == DENIED_SCORE
    assert "'inferior' is negated" in denied.reason
    # the mark still points at the word the score rests on
    assert any(ev.text == "inferior" for ev in denied.evidence)


@pytest.mark.parametrize(
    ("text", "word", "is_denied"),
    [
        ("Women are not inferior to men.", "inferior", True),
        ("Refugees are no threat to anyone.", "threat", True),
        ("Muslims aren't terrorists, whatever the poster says.", "terrorists", True),
        ("Мигранты — не преступники.", "преступники", True),
        ("Los refugiados no son una amenaza.", "amenaza", True),
        # idioms that deny nothing about the group: the model reads them rightly
        ("Immigrants don't belong here.", "belong", False),
        ("Им здесь не место.", "место", False),
        ("Pills for sale, no questions asked.", "asked", False),
        ("No deberían dejarlos entrar.", "dejarlos", False),
    ],
)
def test_only_a_denial_of_what_someone_is_counts_as_negated(
    text: str, word: str, is_denied: bool
) -> None:
    from decorum.moderation.detectors.classifier import denied
    from decorum.moderation.types import Evidence

    start = text.index(word)
    span = Evidence("span", start, start + len(word), word, "occlusion")
    assert (denied(text, [span]) is not None) is is_denied
