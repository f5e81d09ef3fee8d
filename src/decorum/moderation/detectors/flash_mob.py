"""Flash mobs: near-identical comments from several accounts under one article in minutes."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from rapidfuzz import fuzz

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.embeddings import get_embedder
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Evidence, Finding

# Courtesies many readers write alike under one story without anyone organising them: thanks,
# congratulations, condolences, agreement, season's greetings. Written for the engine.
COURTESIES: tuple[str, ...] = (
    "Thank you for the article!",
    "Great article, thanks.",
    "Congratulations!",
    "Congratulations to the winners!",
    "Rest in peace.",
    "My condolences to the family.",
    "Happy holidays to everyone!",
    "Agreed.",
    "Well said.",
    "Спасибо за статью!",
    "Поздравляю!",
    "Светлая память.",
    "Соболезную родным и близким.",
    "С праздником всех!",
    "Согласен.",
    "Gracias por el artículo.",
    "¡Enhorabuena!",
    "Descanse en paz.",
    "Mis condolencias a la familia.",
    "¡Felices fiestas a todos!",
    "De acuerdo.",
)
COURTESY_MAX_CHARS = 80  # a courtesy is short; a campaign's message has room for its demand


class FlashMobDetector(BaseDetector):
    id: ClassVar[str] = "flash_mob"
    version: ClassVar[str] = "2"
    rules: ClassVar[frozenset[str]] = frozenset({"flash_mob"})
    needs: ClassVar[frozenset[str]] = frozenset({"embedding"})
    stateful: ClassVar[bool] = True

    def __init__(self) -> None:
        self._courtesies: np.ndarray | None = None

    def courtesy(self, features: Features, cosine: float) -> bool:
        """Whether the comment is a short courtesy (see :data:`COURTESIES`)."""
        if len(features.folded.strip()) > COURTESY_MAX_CHARS:
            return False
        if self._courtesies is None:
            self._courtesies = get_embedder().embed(list(COURTESIES))
        return float(np.max(self._courtesies @ features.embedding())) >= cosine

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        min_chars = int(ctx.params.get("min_chars", 25))
        if ctx.state is None or len(features.folded.strip()) < min_chars:
            return [self.finding("flash_mob", 0.0, "No campaign pattern.")]
        if self.courtesy(features, float(ctx.params.get("courtesy_cosine", 0.6))):
            # "Thank you for the article!" from eight readers in ten minutes is a popular story
            return [self.finding("flash_mob", 0.0, "A courtesy many readers write alike.")]
        window = float(ctx.params.get("window_minutes", 30)) * 60
        need = int(ctx.params.get("min_authors", 3))
        ratio_min = float(ctx.params.get("fuzzy_ratio", 85))
        cos_min = float(ctx.params.get("cosine", 0.9))
        ts = comment.created_at.timestamp()
        mine = features.folded[:1000]
        vec = features.embedding()
        similar: list[tuple[str, str]] = []  # (comment id, author)
        for e in ctx.state.recent_for_article(comment.article.id, ts - window):
            if e.author == comment.author or e.comment_id == comment.id or e.ts > ts:
                continue
            if len(e.folded) < min_chars:
                continue
            short, long_ = sorted((len(e.folded), len(mine)))
            # the same words and the same meaning: a template with its subject swapped
            # ("I like women" / "I like refugees") shares the words, not the meaning
            close = short >= 0.6 * long_ and fuzz.token_set_ratio(mine, e.folded) >= ratio_min
            if close and e.embedding is not None:
                close = float(np.dot(vec, e.embedding)) >= cos_min
            if close:
                similar.append((e.comment_id, e.author))
        authors = {a for _, a in similar} | {comment.author}
        if len(authors) < need:
            return [
                self.finding(
                    "flash_mob", 0.2 * (len(authors) - 1) / max(1, need - 1), "No campaign pattern."
                )
            ]
        score = min(1.0, 0.6 + 0.1 * (len(authors) - need))
        return [
            self.finding(
                "flash_mob",
                score,
                f"{len(authors)} different accounts posted nearly the same comment here within "
                f"{window / 60:.0f} minutes.",
                (
                    Evidence(
                        "related",
                        detail="similar comments",
                        related_ids=tuple(i for i, _ in similar[-20:]),
                    ),
                ),
                code="same_comment",
                params={"accounts": len(authors), "minutes": round(window / 60)},
            )
        ]
