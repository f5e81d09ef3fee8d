"""One L2-regularised logistic regression per rule, and the out-of-fold logits of its folds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import CLASSIFIER_RULES, NGRAM_DIM
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.training.examples import Example
from decorum.moderation.training.hyper import HYPER


def _rule_rows(examples: Sequence[Example], rule: str, keep: np.ndarray) -> np.ndarray:
    in_scope = np.array([e.scope is None or rule in e.scope for e in examples])
    rows: np.ndarray = np.flatnonzero(in_scope & keep)
    return rows


def _twins(examples: Sequence[Example], rows: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Acceptable rows of a contrast family that also holds a violation of the rule."""
    families = {examples[i].group for i, label in zip(rows, y, strict=True) if label}
    families.discard("")
    return np.array(
        [
            not label and examples[i].source == "contrast" and examples[i].group in families
            for i, label in zip(rows, y, strict=True)
        ],
        dtype=bool,
    )


def fit_rule(
    rule: str,
    examples: Sequence[Example],
    embs: np.ndarray,
    ngrams: Any,
    keep: np.ndarray,
) -> tuple[np.ndarray, float]:
    """One logistic regression; returns (weights over [emb | ngrams], bias)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    rows = _rule_rows(examples, rule, keep)
    y = np.array([rule in examples[i].labels for i in rows], dtype=np.int8)
    w = np.array([examples[i].weight for i in rows], dtype=np.float64)
    pos, neg = w[y == 1].sum(), w[y == 0].sum()
    target = HYPER["pos_weight_ratio"] * neg
    if pos > 0 and pos < target:
        scale = target / pos
        w[y == 1] *= scale
        # A violation's civil twin (an acceptable comment of the same paraphrase family) weighs
        # as much as the violation: otherwise a rare rule's few violations, scaled up, outweigh
        # their twins many times over and the model learns the topic ("this newspaper") rather
        # than what breaks the rule ("this rag").
        w[_twins(examples, rows, y)] *= scale * HYPER["twin_weight"]
    w *= len(w) / w.sum()
    x = sparse.hstack(
        [sparse.csr_matrix(embs[rows]), ngrams[rows] * HYPER["ngram_scale"]], format="csr"
    )
    clf = LogisticRegression(
        C=HYPER["C"], solver="lbfgs", max_iter=HYPER["max_iter"], tol=HYPER["tol"]
    )
    clf.fit(x, y, sample_weight=w)
    coef = clf.coef_[0].astype(np.float32)
    coef[EMBEDDING_DIM:] *= HYPER["ngram_scale"]
    return coef, float(clf.intercept_[0])


def raw_logits(coefs: np.ndarray, biases: np.ndarray, embs: np.ndarray, ngrams: Any) -> np.ndarray:
    """Logits (n, R) exactly as the detector computes them."""
    z: np.ndarray = embs @ coefs[:EMBEDDING_DIM] + np.asarray(ngrams @ coefs[EMBEDDING_DIM:])
    return z + biases


def fit_all(
    examples: Sequence[Example], embs: np.ndarray, ngrams: Any, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    coefs = np.zeros((EMBEDDING_DIM + NGRAM_DIM, len(CLASSIFIER_RULES)), dtype=np.float32)
    biases = np.zeros(len(CLASSIFIER_RULES), dtype=np.float32)
    for r, rule in enumerate(CLASSIFIER_RULES):
        coefs[:, r], biases[r] = fit_rule(rule, examples, embs, ngrams, keep)
    return coefs, biases


def out_of_fold_logits(
    examples: Sequence[Example],
    embs: np.ndarray,
    ngrams: Any,
    fold: np.ndarray,
    trainable: np.ndarray,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Logits (rows with fold >= 0, R), each from the model trained without its fold, and
    those fold models. Thresholds are chosen on these, never on in-sample logits."""
    rows_all = np.flatnonzero(fold >= 0)
    oof = np.zeros((rows_all.size, len(CLASSIFIER_RULES)), dtype=np.float32)
    models: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(int(fold.max()) + 1):
        held = fold == k
        coefs, biases = fit_all(examples, embs, ngrams, trainable & ~held)
        models.append((coefs, biases))
        rows = np.flatnonzero(held[rows_all])
        oof[rows] = raw_logits(coefs, biases, embs[rows_all[rows]], ngrams[rows_all[rows]])
    return oof, models
