"""A violation's civil twin weighs as much as the violation in its rule's model.

A rare rule's few violations are scaled up to a share of all the negatives; without the twins
scaled alike, "I love this newspaper" read as disrespect (the topic outweighed the contempt).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from decorum.moderation.detectors.classifier import NGRAM_DIM
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.training.examples import Example
from decorum.moderation.training.fit import _twins, fit_rule


def _ex(text: str, labels: set[str], group: str = "", source: str = "contrast") -> Example:
    return Example(text, frozenset(labels), source, 1.0, group=group)


def test_twins_are_the_acceptable_rows_of_a_family_holding_a_violation_of_the_rule() -> None:
    examples = [
        _ex("What a worthless rag.", {"disrespect_publisher"}, "contrast:en-ment-1"),
        _ex("Great paper, keep it up.", set(), "contrast:en-ment-1"),
        _ex("Thanks for the weather page.", set(), "contrast:en-ment-2"),
        _ex("You utter clown.", {"insults_threats"}, "contrast:en-ment-3"),
        _ex("Fair point, well made.", set(), "contrast:en-ment-3"),
        _ex("A plain sentence.", set(), "", "paradetox_neutral"),
    ]
    rows = np.arange(len(examples))
    y = np.array([("disrespect_publisher" in e.labels) for e in examples], dtype=np.int8)
    assert _twins(examples, rows, y).tolist() == [False, True, False, False, False, False]


def test_a_twin_moves_the_model_away_from_the_shared_topic() -> None:
    """Two texts share a feature (the topic); only the violation has its own. Weighted as a
    twin, the acceptable one pulls the shared feature's weight down."""
    topic, contempt, other = 0, 1, 2
    rows = []
    examples = []
    for n in range(4):
        examples.append(_ex(f"rag {n}", {"disrespect_publisher"}, f"contrast:en-ment-{n}"))
        rows.append([topic, contempt])
        examples.append(_ex(f"praise {n}", set(), f"contrast:en-ment-{n}"))
        rows.append([topic])
    for n in range(200):  # the rest of the training set: many ordinary negatives
        examples.append(_ex(f"plain {n}", set(), "", "paradetox_neutral"))
        rows.append([other])
    embs = np.zeros((len(examples), EMBEDDING_DIM), dtype=np.float32)
    ngrams = sparse.lil_matrix((len(examples), NGRAM_DIM), dtype=np.float32)
    for i, cols in enumerate(rows):
        for c in cols:
            ngrams[i, c] = 1.0
    coef, _bias = fit_rule(
        "disrespect_publisher",
        examples,
        embs,
        ngrams.tocsr(),
        np.ones(len(examples), dtype=bool),
    )
    w_topic, w_contempt = coef[EMBEDDING_DIM + topic], coef[EMBEDDING_DIM + contempt]
    assert w_contempt > 0 and w_topic < w_contempt / 2
