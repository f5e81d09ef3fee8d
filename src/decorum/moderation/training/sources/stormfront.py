"""stormfront: sentences from a white-supremacist forum, hate or not."""

from __future__ import annotations

import csv
from pathlib import Path

from decorum.moderation.training.sources.common import HATEISH, INSULTISH, Pool, Read


def read(root: Path) -> Read:
    path = root / "stormfront_hate" / "stormfront_sentences.csv"
    sf: dict[str, list[str]] = {"hate": [], "noHate": []}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["label"] in sf:
                sf[row["label"]].append(row["text"])
    return [
        Pool("stormfront_hate", sf["hate"], HATEISH, HATEISH),
        Pool("stormfront_nohate", sf["noHate"], frozenset(), HATEISH | INSULTISH),
    ], [path]
