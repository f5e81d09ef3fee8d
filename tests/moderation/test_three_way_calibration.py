"""Three-way calibration: thresholds chosen out of fold, reject only at 0.99 precision."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from decorum.moderation.detectors.classifier import (
    CLASSIFIER_RULES,
    NGRAM_DIM,
    QUEUE_SCORE,
    REJECT_SCORE,
    calibrate_scores,
)
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.training import (
    NEVER_REJECTS,
    Example,
    choose_reject_threshold,
    fit_all,
    out_of_fold_logits,
    raw_logits,
)


def test_the_calibration_puts_queue_and_reject_at_fixed_scores_and_is_monotone() -> None:
    queue, reject, slope = np.array([-1.0]), np.array([2.0]), np.array([1.5])
    z = np.linspace(-10, 10, 401)[:, None]
    scores = calibrate_scores(z, queue, reject, slope)[:, 0]
    assert np.all(np.diff(scores) >= 0)
    assert 0.0 <= scores.min() and scores.max() <= 1.0
    at = calibrate_scores(np.array([[-1.0], [2.0], [0.5]]), queue, reject, slope)[:, 0]
    assert abs(at[0] - QUEUE_SCORE) < 1e-6 and abs(at[1] - REJECT_SCORE) < 1e-6
    assert QUEUE_SCORE < at[2] < REJECT_SCORE


def test_the_reject_threshold_sits_where_precision_reaches_099() -> None:
    rng = np.random.default_rng(3)
    # 300 violations scored high, 300 acceptable comments scored low, with one acceptable
    # comment among the violations at 2.0: rejecting from there would be wrong 1 time in ~150
    positives = rng.uniform(0.0, 6.0, 300)
    negatives = rng.uniform(-6.0, -0.5, 300)
    z = np.concatenate([positives, negatives, [2.0]])
    y = np.concatenate([np.ones(300, bool), np.zeros(301, bool)])
    ok = ~y
    t = choose_reject_threshold(z, y, ok, queue=-0.4)
    above = z >= t
    precision = (y & above).sum() / above.sum()
    assert precision >= 0.99
    assert -0.4 <= t <= 2.0  # one wrong among ~200 above still meets 0.99 here


def test_a_rule_never_precise_enough_only_queues() -> None:
    z = np.array([5.0, 4.0, 3.0, 2.0, 1.0, 0.0])
    y = np.array([True, False, True, False, True, False])
    t = choose_reject_threshold(z, y, ~y, queue=0.5)
    assert t == 0.5 + NEVER_REJECTS
    scores = calibrate_scores(z[:, None], np.array([0.5]), np.array([t]), np.array([1.0]))
    assert scores.max() < REJECT_SCORE and scores[0, 0] >= QUEUE_SCORE


def test_a_neighbouring_rule_costs_less_than_another_rule_but_an_acceptable_comment_full() -> None:
    # 60 insults, with two trolling-only comments (the sibling rule) at the very top
    z = np.concatenate([np.linspace(6.0, 3.0, 60), [5.95, 5.9], np.linspace(-3.0, -1.0, 50)])
    y = np.concatenate([np.ones(60, bool), np.zeros(52, bool)])
    ok = np.concatenate([np.zeros(62, bool), np.ones(50, bool)])
    sibling = np.concatenate([np.zeros(60, bool), np.ones(2, bool), np.zeros(50, bool)])
    # counted as other rules (0.5 each) they keep precision below 0.99 all the way down
    assert choose_reject_threshold(z, y, ok, queue=0.0) == NEVER_REJECTS
    # as the sibling rule (0.1 each) they do not
    assert choose_reject_threshold(z, y, ok, queue=0.0, sibling=sibling) <= 3.0
    # the same two as acceptable comments: never
    as_ok = ok | sibling
    assert choose_reject_threshold(z, y, as_ok, queue=0.0, sibling=sibling) == NEVER_REJECTS


def _toy(n: int) -> tuple[list[Example], np.ndarray, sparse.csr_matrix, np.ndarray]:
    """Random features; each example breaks one rule or none; two folds, some always trained."""
    rng = np.random.default_rng(11)
    rules = [*CLASSIFIER_RULES, ""]
    examples = [
        Example(f"t{i}", frozenset({rules[i % len(rules)]} - {""}), "x", 1.0) for i in range(n)
    ]
    centres = rng.normal(size=(len(rules), EMBEDDING_DIM))
    embs = np.stack([centres[i % len(rules)] + rng.normal(size=EMBEDDING_DIM) for i in range(n)])
    embs = (embs / np.linalg.norm(embs, axis=1, keepdims=True)).astype(np.float32)
    ngrams = sparse.csr_matrix((n, NGRAM_DIM), dtype=np.float32)
    fold = np.where(np.arange(n) < n // 2, -1, np.arange(n) % 2)
    return examples, embs, ngrams, fold


def test_out_of_fold_logits_come_from_the_model_that_did_not_see_the_row() -> None:
    examples, embs, ngrams, fold = _toy(260)
    everyone = np.ones(len(examples), bool)
    oof, models = out_of_fold_logits(examples, embs, ngrams, fold, everyone)
    rows = np.flatnonzero(fold >= 0)
    assert oof.shape == (rows.size, len(CLASSIFIER_RULES)) and len(models) == 2
    for k in (0, 1):
        without_k = fit_all(examples, embs, ngrams, everyone & (fold != k))
        held = np.flatnonzero(fold[rows] == k)
        expected = raw_logits(*without_k, embs[rows[held]], ngrams[rows[held]])
        np.testing.assert_allclose(oof[held], expected, rtol=1e-5, atol=1e-5)
    in_sample = raw_logits(*fit_all(examples, embs, ngrams, everyone), embs[rows], ngrams[rows])
    assert np.abs(in_sample - oof).max() > 0.1  # what a threshold chosen in-sample would see


def test_a_language_with_its_own_reject_threshold_uses_it() -> None:
    from decorum.moderation.detectors.classifier import ClassifierModel
    from decorum.moderation.training import Calibration

    rules = len(CLASSIFIER_RULES)
    model = ClassifierModel(
        rules=CLASSIFIER_RULES,
        w_emb=np.zeros((EMBEDDING_DIM, rules), np.float32),
        w_ngram=np.zeros((NGRAM_DIM, rules), np.float32),
        bias=np.zeros(rules, np.float32),
        threshold=np.zeros(rules, np.float32),
        slope=np.ones(rules, np.float32),
        version="t",
        reject=np.full(rules, 2.0, np.float32),
        reject_by_language={"ru": np.full(rules, 4.0, np.float32)},
    )
    z = np.full(rules, 3.0, np.float32)
    assert model.calibrate(z, "en")[0] >= REJECT_SCORE  # above the shared threshold
    assert model.calibrate(z, "es")[0] >= REJECT_SCORE  # no threshold of its own
    assert QUEUE_SCORE < model.calibrate(z, "ru")[0] < REJECT_SCORE  # stricter for Russian
    calibration = Calibration(
        model.threshold, model.reject, model.slope, {"ru": np.full(rules, 4.0)}
    )
    rows = calibration.scores(np.stack([z, z]), np.array(["en", "ru"]))
    assert rows[0, 0] >= REJECT_SCORE > rows[1, 0]
