"""Russian Telegram chats: job, earnings and "signals" lures (often with Latin look-alike
letters inside Cyrillic words, kept as written so the character n-grams learn them).

Chat messages are not vetted for insults, so the ham only teaches the spam-like rules.
"""

from __future__ import annotations

import csv
from pathlib import Path

from decorum.moderation.training.sources.common import SPAMISH, Pool, Read


def read(root: Path) -> Read:
    path = root / "telegram_spam_ru" / "telegram_spam_ru_train.csv"
    if not path.exists():
        return [], []
    lures: list[str] = []
    chat: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (lures if row["label"].strip() == "1" else chat).append(row["message"])
    return [
        Pool("telegram_spam_ru", lures, frozenset({"spam"}), frozenset({"spam"})),
        Pool("telegram_ham_ru", chat, frozenset(), SPAMISH),
    ], [path]
