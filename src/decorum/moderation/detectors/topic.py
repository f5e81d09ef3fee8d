"""Off topic: a substantial top-level comment whose meaning is far from the article's."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import ClassVar

import numpy as np

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.embeddings import get_embedder
from decorum.moderation.features import Features
from decorum.moderation.types import ArticleContext, CommentInput, Evidence, Finding

_MAX_ARTICLES = 256


class TopicDetector(BaseDetector):
    id: ClassVar[str] = "topic"
    version: ClassVar[str] = "1"
    rules: ClassVar[frozenset[str]] = frozenset({"off_topic"})
    needs: ClassVar[frozenset[str]] = frozenset({"embedding"})

    def __init__(self) -> None:
        self._articles: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def article_vector(self, article: ArticleContext) -> np.ndarray:
        """The article's embedding (title and body), cached by id and title."""
        key = (article.id, article.title)
        with self._lock:
            cached = self._articles.get(key)
            if cached is not None:
                self._articles.move_to_end(key)
                return cached
        vec: np.ndarray = get_embedder().embed([f"{article.title}. {article.body}"])[0]
        with self._lock:
            self._articles[key] = vec
            while len(self._articles) > _MAX_ARTICLES:
                self._articles.popitem(last=False)
        return vec

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        min_words = int(ctx.params.get("min_words", 8))
        limit = float(ctx.params.get("cosine", 0.12))
        article = comment.article
        if len(features.tokens) < min_words or not (article.title or article.body):
            return [self.finding("off_topic", 0.0, "Too short to judge the subject.")]
        vec = features.embedding()
        sim = float(np.dot(vec, self.article_vector(article)))
        if comment.parent is not None and comment.parent.text:
            parent_vec = get_embedder().embed([comment.parent.text])[0]
            sim = max(sim, float(np.dot(vec, parent_vec)))
        score = max(0.0, min(1.0, 0.5 + (limit - sim) * 2.5))
        return [
            self.finding(
                "off_topic",
                score,
                f"The comment's subject is far from the article's (similarity {sim:.2f}).",
                (Evidence("score", detail=f"cosine {sim:.3f}"),),
            )
        ]
