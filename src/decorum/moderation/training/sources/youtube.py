"""youtube spam: channel plugs are promotion, money offers are spam."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from decorum.moderation.training.sources.common import SPAMISH, Pool, Read

_PROMO = re.compile(
    r"channel|subscri|check (?:out )?(?:my|this)|my (?:video|page|song|music|blog)|follow me",
    re.IGNORECASE,
)
_MONEY = re.compile(r"\$|money|earn|cash|free|win|gift ?card|bitcoin|paypal|job", re.IGNORECASE)


def read(root: Path) -> Read:
    files: list[Path] = []
    spam_promo: list[str] = []
    spam_money: list[str] = []
    spam_other: list[str] = []
    ham: list[str] = []
    for path in sorted((root / "youtube_spam").glob("Youtube0*.csv")):
        files.append(path)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = html.unescape(re.sub(r"<[^>]+>", " ", row["CONTENT"]))
                if row["CLASS"].strip() != "1":
                    ham.append(text)
                elif _PROMO.search(text):
                    spam_promo.append(text)
                elif _MONEY.search(text):
                    spam_money.append(text)
                else:
                    spam_other.append(text)
    return [
        Pool("youtube_spam", spam_promo, frozenset({"third_party_promotion"}), SPAMISH),
        Pool("youtube_spam", spam_money, frozenset({"spam"}), SPAMISH),
        Pool("youtube_spam", spam_other, frozenset({"spam"}), frozenset({"spam"})),
        Pool("youtube_ham", ham, frozenset(), None),
    ], files
