"""Flooding: one account pouring short or incoherent fragments into a conversation in minutes."""

from __future__ import annotations

import re
from typing import ClassVar

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.types import CommentInput, Evidence, Finding

_WORD = re.compile(r"[^\W\d_]{2,}")


def flood_like(features: Features, short_chars: int = 25) -> bool:
    """Short fragments, or text with almost no words (keyboard mash, emoji strings)."""
    text = features.clean.strip()
    if len(text) < short_chars:
        return True
    words = _WORD.findall(text)
    return len(words) < 3 or sum(len(w) for w in words) < 0.4 * len(text)


class FloodingDetector(BaseDetector):
    id: ClassVar[str] = "flooding"
    version: ClassVar[str] = "2"
    rules: ClassVar[frozenset[str]] = frozenset({"flooding"})
    stateful: ClassVar[bool] = True

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        if ctx.state is None:
            return [self.finding("flooding", 0.0, "No history available.")]
        window = float(ctx.params.get("window_minutes", 5)) * 60
        need = int(ctx.params.get("min_messages", 4))
        short = int(ctx.params.get("short_chars", 25))
        if not flood_like(features, short):
            return [self.finding("flooding", 0.0, "Not a fragment.")]
        ts = comment.created_at.timestamp()
        # Fragments are counted per conversation: the comments on the article itself, or the
        # replies to one comment. Short answers to different people ("Agreed.", "Source?",
        # "Good point.") are a reader keeping up with a discussion, not pouring into it.
        parent = comment.parent.id if comment.parent is not None else None
        earlier = [
            e
            for e in ctx.state.recent_for_author_thread(
                comment.article.id, comment.author, ts - window
            )
            if e.flood_like and e.comment_id != comment.id and e.ts <= ts and e.parent_id == parent
        ]
        count = len(earlier) + 1
        if count < need:
            return [
                self.finding(
                    "flooding",
                    0.2 * count / need,
                    f"{count} fragment(s) in the window.",
                    code="few_fragments",
                    params={"count": count},
                )
            ]
        score = min(1.0, 0.6 + 0.1 * (count - need))
        ids = tuple(e.comment_id for e in earlier[-20:])
        return [
            self.finding(
                "flooding",
                score,
                f"The same account posted {count} short fragments here within "
                f"{window / 60:.0f} minutes.",
                (Evidence("related", detail="earlier fragments", related_ids=ids),),
                code="fragments",
                params={"count": count, "minutes": round(window / 60)},
            )
        ]
