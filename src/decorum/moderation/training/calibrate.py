"""Thresholds chosen on out-of-fold logits, and the calibration that maps logits to scores."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decorum.moderation.detectors.classifier import calibrate_scores
from decorum.moderation.training.hyper import (
    HYPER,
    OTHER_RULE_FP_WEIGHT,
    REJECT_PRECISION,
    SIBLING_FP_WEIGHT,
)


def choose_threshold(z: np.ndarray, y: np.ndarray, ok: np.ndarray) -> float:
    """The queue threshold: the logit that minimises misses + weighted false alarms.

    A violating comment queued under this rule's name while it breaks another one counts only
    ``queue_other_rule_weight``: the moderator who sees it removes it all the same."""
    floor = float(np.log(HYPER["min_threshold_prob"] / (1 - HYPER["min_threshold_prob"])))
    cands = np.unique(np.concatenate([z, [floor]]))
    cands = cands[cands >= floor]
    best_t, best_cost = floor, float("inf")
    for t in cands:
        pred = z >= t
        cost = (
            (y & ~pred).sum()
            + HYPER["queue_other_rule_weight"] * (~y & pred & ~ok).sum()
            + HYPER["fp_cost"] * (pred & ok).sum()
        )
        if cost < best_cost - 1e-9:
            best_cost, best_t = float(cost), float(t)
    # move into the gap below the chosen score so unseen data near the edge is kept
    below = z[z < best_t]
    if below.size:
        best_t = float((best_t + max(below.max(), floor)) / 2)
    return best_t


def fit_slope(z: np.ndarray, y: np.ndarray, threshold: float) -> float:
    """Platt-style slope of the logit around the threshold (intercept fixed at it)."""
    best, best_ll = 1.0, -float("inf")
    for s in np.linspace(0.2, 3.0, 29):
        p = 1 / (1 + np.exp(-np.clip(s * (z - threshold), -30, 30)))
        ll = float(np.sum(np.where(y, np.log(p + 1e-9), np.log(1 - p + 1e-9))))
        if ll > best_ll:
            best, best_ll = float(s), ll
    return best


# Languages with their own reject thresholds, where a rule has at least this many violations
# of that language out of fold (fewer: the rule's threshold over every language applies). A
# language's threshold is never below the shared one.
LANGUAGE_THRESHOLDS = ("en", "ru", "es")
MIN_LANGUAGE_POSITIVES = 8


@dataclass
class Calibration:
    """Per-rule queue and reject logits and slope, with reject logits per language."""

    queue: np.ndarray
    reject: np.ndarray
    slope: np.ndarray
    by_language: dict[str, np.ndarray] = field(default_factory=dict)

    def scores(self, z: np.ndarray, language: np.ndarray) -> np.ndarray:
        """Calibrated scores of rows ``z`` (n, R), each with its own language's thresholds."""
        out = calibrate_scores(z, self.queue, self.reject, self.slope)
        for lang, reject in self.by_language.items():
            rows = language == lang
            if rows.any():
                out[rows] = calibrate_scores(z[rows], self.queue, reject, self.slope)
        return out


# A rule whose classifier never reaches the reject precision out of fold only ever queues:
# its reject logit is put this far above the queue logit (a score of 0.5 is then unreachable).
NEVER_REJECTS = 40.0


def choose_reject_threshold(
    z: np.ndarray,
    y: np.ndarray,
    ok: np.ndarray,
    queue: float,
    sibling: np.ndarray | None = None,
) -> float:
    """The lowest logit (at or above ``queue``) above which out-of-fold precision is at least
    ``REJECT_PRECISION``, with at least three true positives above it.

    An acceptable comment counts as one false positive, a comment breaking another rule as
    ``OTHER_RULE_FP_WEIGHT`` and one breaking the rule's ``sibling`` (``hyper.SIBLING_RULES``;
    ``sibling`` marks those rows) as ``SIBLING_FP_WEIGHT``."""
    near = ~y & sibling if sibling is not None else np.zeros_like(y)
    other = ~y & ~ok & ~near
    best = queue + NEVER_REJECTS
    for t in np.unique(z[y & (z >= queue)])[::-1]:
        pred = z >= t
        tp = float((y & pred).sum())
        fp = (
            float((ok & pred).sum())
            + OTHER_RULE_FP_WEIGHT * float((other & pred).sum())
            + SIBLING_FP_WEIGHT * float((near & pred).sum())
        )
        if tp >= 3 and tp / (tp + fp) >= REJECT_PRECISION:
            best = float(t)
    if best >= queue + NEVER_REJECTS:
        return best
    below = z[z < best]
    if below.size:  # into the gap below, as for the queue threshold
        best = float((best + max(below.max(), queue)) / 2)
    return max(best, queue)
