"""What the dataset readers share: pools of texts to sample, tweet cleaning, label scopes."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np


class Pool(NamedTuple):
    """Texts of one kind from a dataset, before de-duplication and the source's cap.

    ``scope`` lists the rules they are evidence for (None: every rule).
    """

    source: str
    texts: list[str]
    labels: frozenset[str]
    scope: frozenset[str] | None


# What a public dataset's reader returns: its pools in reading order, and the files it read
# (hashed into the manifest).
Read = tuple[list[Pool], list[Path]]

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+")
_RT = re.compile(r"^\s*(?:!+\s*)?rt\s+@\w+:?\s*", re.IGNORECASE)


def tweet(text: str) -> str:
    text = html.unescape(text)
    text = _RT.sub("", text)
    text = _URL.sub("", text)
    text = _MENTION.sub("", text)
    return " ".join(text.split())


def sample(items: list[Any], cap: int, rng: np.random.Generator) -> list[Any]:
    if len(items) <= cap:
        return items
    picked = np.sort(rng.choice(len(items), size=cap, replace=False))
    return [items[i] for i in picked]


def dedup(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for t in texts:
        t = t.strip()
        key = t.casefold()
        if len(t) >= 3 and key not in seen:
            seen.add(key)
            out.append(t)
    return out


INSULTISH = frozenset({"insults_threats", "trolling"})
HATEISH = frozenset({"hate"})
SPAMISH = frozenset({"spam", "third_party_promotion", "commercial"})
