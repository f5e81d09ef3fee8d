"""The shipped classifier artefacts match the data they were trained from.

The full retrain-and-compare is ``decorum train --check`` (run by ``make test``); these
tests are the quick part: dataset and seed hashes, loading, size, and the comparison itself.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from decorum.moderation.detectors.classifier import (
    CLASSIFIER_RULES,
    MANIFEST_FILE,
    MODEL_FILE,
    MODELS_DIR,
    ClassifierModel,
    load_manifest,
)
from decorum.moderation.training import (
    PROBE_SCORE_TOLERANCE,
    REPO_ROOT,
    compare,
    compare_probes,
    datasets_dir,
    load_seeds,
    probe_scores,
    probe_texts,
)

needs_datasets = pytest.mark.skipif(
    not (datasets_dir() / "policy-dev" / "comments.jsonl").exists(),
    reason="the shared datasets are not beside the repository",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@needs_datasets
def test_the_manifest_hashes_match_the_training_files() -> None:
    manifest = load_manifest(MODELS_DIR)
    files = manifest["data_files"]
    assert isinstance(files, dict) and files
    for rel, digest in files.items():
        path = datasets_dir() / rel
        if not path.exists():
            path = REPO_ROOT / rel
        assert _sha256(path) == digest, f"{rel} changed since training: run `decorum train`"


def test_the_seed_examples_parse_and_cover_every_classifier_rule() -> None:
    seeds, _ = load_seeds()
    covered = {rule for ex in seeds for rule in ex.labels}
    assert covered == set(CLASSIFIER_RULES)
    assert any(not ex.labels for ex in seeds)


def test_the_artefacts_load_are_small_and_record_held_out_scores() -> None:
    model = ClassifierModel.load(MODELS_DIR)
    assert model.rules == CLASSIFIER_RULES
    total = sum(p.stat().st_size for p in MODELS_DIR.iterdir() if p.is_file())
    assert total < 15 * 1024 * 1024
    manifest = load_manifest(MODELS_DIR)
    held_out = manifest["held_out"]
    assert isinstance(held_out, dict)
    assert set(held_out["per_rule"]) == set(CLASSIFIER_RULES)


def test_the_check_notices_a_changed_artefact(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(MODELS_DIR, fresh)
    assert compare(MODELS_DIR, fresh) == []
    with np.load(fresh / MODEL_FILE) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["bias"] = arrays["bias"] + 0.5
    np.savez_compressed(fresh / MODEL_FILE, **arrays)
    problems = compare(MODELS_DIR, fresh)
    assert problems and all(p.startswith("probe ") for p in problems)
    (fresh / MANIFEST_FILE).write_text("{}", encoding="utf-8")
    assert any("manifest" in p for p in compare(MODELS_DIR, fresh))


def test_the_check_allows_another_cpus_float_drift_but_not_a_changed_threshold(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(MODELS_DIR, fresh)
    with np.load(fresh / MODEL_FILE) as z:
        arrays = {k: z[k] for k in z.files}
    # the size of drift seen when retraining on another machine: up to 2.3e-2 per weight
    noise = np.random.default_rng(7).uniform(-0.023, 0.023, arrays["w_emb"].shape)
    arrays["w_emb"] = arrays["w_emb"] + noise.astype(np.float32)
    np.savez_compressed(fresh / MODEL_FILE, **arrays)
    manifest = json.loads((fresh / MANIFEST_FILE).read_text(encoding="utf-8"))
    first = next(iter(manifest["thresholds"]))
    manifest["thresholds"][first]["logit"] += 0.01
    (fresh / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    assert compare(MODELS_DIR, fresh) == []
    manifest["thresholds"][first]["logit"] += 0.5
    manifest["seed"] = 12345
    (fresh / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    problems = compare(MODELS_DIR, fresh)
    assert any(first in p for p in problems)
    assert any("seed" in p for p in problems)


def test_a_decision_may_flip_only_at_the_border() -> None:
    rules = ["spam"]
    texts = ["a", "b", "c"]
    committed = np.array([[0.49], [0.30], [0.90]])
    border = committed + np.array([[0.02], [0.0], [0.0]])
    assert compare_probes(rules, texts, committed, border) == []
    moved = committed + np.array([[0.0], [PROBE_SCORE_TOLERANCE + 0.01], [0.0]])
    assert compare_probes(rules, texts, committed, moved) == [
        "probe 'b' spam: score 0.300 != 0.360"
    ]


def test_the_probe_set_covers_both_editions_and_the_model_flags_some_of_it() -> None:
    texts = probe_texts()
    assert len(texts) >= 30
    assert any("ы" in t for t in texts) and any(t.isascii() for t in texts)
    (scores,) = probe_scores([MODELS_DIR], texts)
    flagged = (scores >= 0.5).any(axis=1)
    # probes on both sides of the line, so a drifting model shows in the comparison
    assert 8 <= flagged.sum() <= len(texts) - 8
    assert len({r for r in np.flatnonzero(scores.max(axis=0) >= 0.5)}) >= 6


def test_the_check_skips_plainly_without_the_training_data(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "decorum.cli", "train", "--check"],
        env={"PATH": "/usr/bin:/bin", "DECORUM_DATASETS": str(tmp_path / "nothing")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "skipped" in run.stderr and str(tmp_path / "nothing") in run.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "decorum.cli", "train", "--out", str(tmp_path / "out")],
        env={"PATH": "/usr/bin:/bin", "DECORUM_DATASETS": str(tmp_path / "nothing")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 2 and "No datasets at" in plain.stderr
