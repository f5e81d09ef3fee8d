"""Off topic: a substantial top-level comment whose meaning is far from the article's."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.embeddings import get_embedder
from decorum.moderation.features import Features
from decorum.moderation.types import ArticleContext, CommentInput, Evidence, Finding

_MAX_ARTICLES = 256
_WORD = re.compile(r"[^\W\d_]{4,}")
# Frequent words that say nothing about a subject (en/ru/es), cut to the 5-letter stem key.
_STOP = frozenset(
    w[:5]
    for w in (
        "this that with from have what when they them their there about would could should "
        "which these those will just like your more than into been were very also only some "
        "other after before because anyone know does here really think people "
        "это этот как что когда если были было будет всех всем тоже только очень "
        "esto esta como para pero cuando todos también sobre porque muy"
    ).split()
)


def _stems(text: str) -> set[str]:
    """Crude word stems (first five letters) so "rates" meets "rate" and "метро" "метрополитен"."""
    return {w[:5] for w in _WORD.findall(text.lower()[:3000])} - _STOP


class TopicDetector(BaseDetector):
    id: ClassVar[str] = "topic"
    version: ClassVar[str] = "1"
    rules: ClassVar[frozenset[str]] = frozenset({"off_topic"})
    needs: ClassVar[frozenset[str]] = frozenset({"embedding"})

    def __init__(self) -> None:
        self._articles: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._stem_cache = {}

    def prepare(self, comments: Sequence[CommentInput]) -> None:
        """Embed the articles not seen yet in one batch, outside the per-comment budget."""
        todo: dict[tuple[str, str], ArticleContext] = {}
        with self._lock:
            for c in comments:
                key = (c.article.id, c.article.title)
                if key not in self._articles:
                    todo[key] = c.article
        if not todo:
            return
        vecs = get_embedder().embed([f"{a.title}. {a.body}" for a in todo.values()])
        with self._lock:
            for key, vec in zip(todo, vecs, strict=True):
                self._articles[key] = vec
            while len(self._articles) > _MAX_ARTICLES:
                self._articles.popitem(last=False)

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

    _stem_cache: dict[tuple[str, str], set[str]]

    def article_stems(self, article: ArticleContext) -> set[str]:
        key = (article.id, article.title)
        found = self._stem_cache.get(key)
        if found is None:
            found = _stems(f"{article.title} {article.body}")
            if len(self._stem_cache) > _MAX_ARTICLES:
                self._stem_cache.clear()
            self._stem_cache[key] = found
        return found

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        min_words = int(ctx.params.get("min_words", 8))
        limit = float(ctx.params.get("cosine", 0.12))
        article = comment.article
        if comment.parent is not None:
            # Replies follow the thread, which may drift; only top-level comments are judged.
            return [self.finding("off_topic", 0.0, "Replies are judged by their thread.")]
        if len(features.tokens) < min_words or not (article.title or article.body):
            return [self.finding("off_topic", 0.0, "Too short to judge the subject.")]
        vec = features.embedding()
        sim = float(np.dot(vec, self.article_vector(article)))
        shared = _stems(features.clean) & self.article_stems(article)
        score = max(0.0, min(1.0, 0.5 + (limit - sim) * 2.5))
        if shared:
            # A word shared with the article is a sign the comment is about it after all.
            score = min(score, 0.45)
        return [
            self.finding(
                "off_topic",
                score,
                f"The comment's subject is far from the article's (similarity {sim:.2f}, "
                f"{len(shared)} shared words).",
                (Evidence("score", detail=f"cosine {sim:.3f}; shared {sorted(shared)[:5]}"),),
            )
        ]
