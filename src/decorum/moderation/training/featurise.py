"""Features of the training texts: the sentence embedding and the hashed n-grams, exactly as
the detector computes them at run time (``detectors.classifier``)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from decorum.moderation.detectors.classifier import (
    NGRAM_DIM,
    embedding_text,
    ngram_indices,
    ngram_value,
)
from decorum.moderation.embeddings import EMBEDDING_DIM
from decorum.moderation.training.examples import Example

EMBED_CACHE_ENV = "DECORUM_TRAIN_EMBED_CACHE"


def featurise(examples: Sequence[Example], *, log: bool = True) -> tuple[np.ndarray, Any]:
    """Embeddings (n, 512) and the hashed n-gram CSR matrix (n, NGRAM_DIM)."""
    from scipy import sparse

    from decorum.moderation.embeddings import Embedder

    started = time.perf_counter()
    texts = [embedding_text(e.text) for e in examples]
    embs = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
    # Development aid only: DECORUM_TRAIN_EMBED_CACHE names an .npz reused across runs (never
    # for the shipped model: ``decorum train`` refuses it there).
    cache_path = os.environ.get(EMBED_CACHE_ENV, "")
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
