"""davidson: hate / offensive / neither tweets."""

from __future__ import annotations

import csv
from pathlib import Path

from decorum.moderation.training.sources.common import HATEISH, INSULTISH, Pool, Read, tweet


def read(root: Path) -> Read:
    path = root / "davidson" / "labeled_data.csv"
    by_class: dict[str, list[str]] = {"0": [], "1": [], "2": []}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_class[row["class"]].append(tweet(row["tweet"]))
    return [
        Pool("davidson_hate", by_class["0"], HATEISH, HATEISH | INSULTISH),
        Pool(
            "davidson_offensive", by_class["1"], frozenset({"insults_threats"}), INSULTISH | HATEISH
        ),
        Pool("davidson_neither", by_class["2"], frozenset(), None),
    ], [path]
