"""``decorum train --check``: compare freshly trained artefacts with the committed ones."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import (
    MANIFEST_FILE,
    MODEL_FILE,
    embedding_text,
    ngram_indices,
)

# Retraining on another CPU gives slightly different floats (BLAS kernels differ by
# micro-architecture), and L-BFGS stopped at a tolerance turns those into weight differences
# of a few hundredths that change nothing a reader would see. So the check compares what
# matters: the data, hyperparameters, rules and seeds exactly; the calibrated thresholds and
# held-out metrics within small allowances; and the scores and decisions on a fixed probe set
# of comments. Raw weights are not compared.
THRESHOLD_TOLERANCE = 0.05
SLOPE_TOLERANCE = 0.2
# a held-out metric over a dozen examples moves by ~0.08 when one example flips
METRIC_TOLERANCE = 0.1
# calibrated probe scores; a decision may differ only when both scores sit this close to 0.5
PROBE_SCORE_TOLERANCE = 0.05
PROBES_FILE = Path(__file__).resolve().parents[1] / "data" / "reproducibility_probes.txt"
# The reject logit sits where precision crosses REJECT_PRECISION among few examples, so one
# example crossing it moves it further than the queue logit.
REJECT_TOLERANCE = 0.25
# operating_points are derived from the same out-of-fold scores as held_out: not compared twice
NUMERIC_MANIFEST_KEYS = {
    "thresholds",
    "held_out",
    "held_out_with_dev_informed_seeds",
    "operating_points",
}


def _numeric_drift(a: Any, b: Any, tolerance: float, where: str) -> list[str]:
    """Paths under which two JSON trees differ beyond ``tolerance`` (or differ in shape)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{where}: keys differ"]
        out: list[str] = []
        for k in sorted(a):
            out += _numeric_drift(a[k], b[k], tolerance, f"{where}.{k}")
        return out
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return [] if abs(a - b) <= tolerance else [f"{where}: {a} != {b}"]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def _probe_language(text: str) -> str:
    return "ru" if re.search("[а-яё]", text, re.IGNORECASE) else "en"


def probe_texts(path: Path = PROBES_FILE) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def probe_scores(model_dirs: Sequence[Path], texts: Sequence[str]) -> list[np.ndarray]:
    """Calibrated scores (n, R) of each model on ``texts``, exactly as the detector scores."""
    from decorum.moderation.detectors.classifier import ClassifierModel
    from decorum.moderation.embeddings import Embedder

    embs = Embedder(threads=1).embed([embedding_text(t) for t in texts])
    indices = [ngram_indices(t)[0] for t in texts]
    out = []
    for directory in model_dirs:
        model = ClassifierModel.load(directory)
        out.append(
            np.stack(
                [
                    model.calibrate(model.logits(embs[i], idx), _probe_language(texts[i]))
                    for i, idx in enumerate(indices)
                ]
            )
        )
    return out


def compare_probes(
    rules: Sequence[str], texts: Sequence[str], a: np.ndarray, b: np.ndarray
) -> list[str]:
    """Probe comments whose score moved, or whose decision flipped away from the border."""
    problems: list[str] = []
    for i, text in enumerate(texts):
        for r, rule in enumerate(rules):
            x, y = float(a[i, r]), float(b[i, r])
            flipped = (x >= 0.5) != (y >= 0.5)
            if abs(x - y) > PROBE_SCORE_TOLERANCE or (
                flipped and max(abs(x - 0.5), abs(y - 0.5)) > PROBE_SCORE_TOLERANCE
            ):
                problems.append(f"probe {text[:40]!r} {rule}: score {x:.3f} != {y:.3f}")
    return problems


def compare(committed: Path, fresh: Path) -> list[str]:
    """Differences between two artefact directories (empty when they match)."""
    problems: list[str] = []
    try:
        a = json.loads((committed / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{committed / MANIFEST_FILE} is missing."]
    b = json.loads((fresh / MANIFEST_FILE).read_text(encoding="utf-8"))
    keys = sorted(
        k for k in set(a) | set(b) if k not in NUMERIC_MANIFEST_KEYS and a.get(k) != b.get(k)
    )
    if keys:
        problems.append(f"manifest differs in: {', '.join(keys)}")
    for rule in sorted(set(a.get("thresholds", {})) | set(b.get("thresholds", {}))):
        ta, tb = a.get("thresholds", {}).get(rule), b.get("thresholds", {}).get(rule)
        if ta is None or tb is None:
            problems.append(f"thresholds: {rule} missing on one side")
            continue
        problems += _numeric_drift(ta["logit"], tb["logit"], THRESHOLD_TOLERANCE, rule)
        problems += _numeric_drift(ta["slope"], tb["slope"], SLOPE_TOLERANCE, rule)
        problems += _numeric_drift(
            ta.get("reject_logit"), tb.get("reject_logit"), REJECT_TOLERANCE, f"{rule} reject"
        )
        problems += _numeric_drift(
            ta.get("reject_logit_by_language"),
            tb.get("reject_logit_by_language"),
            REJECT_TOLERANCE,
            f"{rule} reject by language",
        )
    for key in ("held_out", "held_out_with_dev_informed_seeds"):
        problems += _numeric_drift(a.get(key), b.get(key), METRIC_TOLERANCE, key)
    with np.load(committed / MODEL_FILE) as za, np.load(fresh / MODEL_FILE) as zb:
        if sorted(za.files) != sorted(zb.files):
            problems.append("model arrays differ in names")
            return problems
        for name in sorted(za.files):
            x, y = za[name], zb[name]
            if x.shape != y.shape:
                problems.append(f"{name}: shape {x.shape} != {y.shape}")
            elif x.dtype.kind not in "fc" and not np.array_equal(x, y):
                problems.append(f"{name}: differs")
        rules = [str(r) for r in za["rules"]]
    if problems:
        return problems
    texts = probe_texts()
    scores_a, scores_b = probe_scores([committed, fresh], texts)
    return compare_probes(rules, texts, scores_a, scores_b)
