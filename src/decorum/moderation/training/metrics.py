"""Held-out figures of the classifier's three-way decisions, for the manifest and the card."""

from __future__ import annotations

from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import CLASSIFIER_RULES, QUEUE_SCORE, REJECT_SCORE


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


SCORE_GRID = (0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def operating_points(
    scores: np.ndarray, labels: np.ndarray, ok: np.ndarray
) -> dict[str, list[dict[str, float]]]:
    """What a threshold means per rule, out of fold: precision, share of violations caught,
    and acceptable comments flagged per 1000 — for the policy editor and the model card."""
    out: dict[str, list[dict[str, float]]] = {}
    for r, rule in enumerate(CLASSIFIER_RULES):
        y = labels[:, r]
        points = []
        for t in SCORE_GRID:
            pred = scores[:, r] >= t
            p, rc, _ = _prf(y, pred)
            wrong = float((pred & ok).sum()) / max(1, int(ok.sum()))
            points.append(
                {
                    "score": t,
                    "precision": round(p, 4),
                    "recall": round(rc, 4),
                    "acceptable_flagged_per_1000": round(1000 * wrong, 1),
                    "flagged": int(pred.sum()),
                }
            )
        out[rule] = points
    return out


def three_way_report(
    scores: np.ndarray,
    labels: np.ndarray,
    ok: np.ndarray,
    language: np.ndarray,
    source: np.ndarray,
) -> dict[str, Any]:
    """The classifier's three-way decisions out of fold: per rule the precision of its
    rejections and the share of its violations rejected or queued; per language and source
    the share of acceptable comments rejected and queued."""
    reject = scores >= REJECT_SCORE
    queue = (scores >= QUEUE_SCORE) & ~reject
    per_rule: dict[str, dict[str, float | int]] = {}
    for r, rule in enumerate(CLASSIFIER_RULES):
        y = labels[:, r]
        p, rc, _ = _prf(y, reject[:, r])
        _, caught, _ = _prf(y, reject[:, r] | queue[:, r])
        per_rule[rule] = {
            "reject_precision": round(p, 4),
            "reject_recall": round(rc, 4),
            "caught": round(caught, 4),
            "support": int(y.sum()),
        }
    any_reject: np.ndarray = np.asarray(reject.any(axis=1))
    any_queue: np.ndarray = np.asarray(queue.any(axis=1)) & ~any_reject
    any_flag: np.ndarray = any_reject | any_queue
    violating: np.ndarray = np.asarray(labels.any(axis=1))

    def shares(mask: np.ndarray) -> dict[str, float | int]:
        acc, bad = mask & ok, mask & violating
        return {
            "acceptable": int(acc.sum()),
            "acceptable_rejected": round(float(any_reject[acc].mean()) if acc.any() else 0.0, 4),
            "acceptable_queued": round(float(any_queue[acc].mean()) if acc.any() else 0.0, 4),
            "violating": int(bad.sum()),
            "violating_caught": round(float(any_flag[bad].mean()) if bad.any() else 0.0, 4),
        }

    everything = np.ones(len(ok), dtype=bool)
    return {
        "per_rule": per_rule,
        "macro_caught": round(float(np.mean([v["caught"] for v in per_rule.values()])), 4),
        **shares(everything),
        "per_language": {str(lang): shares(language == lang) for lang in sorted(set(language))},
        "per_source": {str(src): shares(source == src) for src in sorted(set(source))},
    }
