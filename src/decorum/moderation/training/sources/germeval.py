"""germeval 2018 (German; the embedding transfers across languages)."""

from __future__ import annotations

from pathlib import Path

from decorum.moderation.training.sources.common import HATEISH, INSULTISH, Pool, Read, tweet


def read(root: Path) -> Read:
    path = root / "germeval2018" / "germeval2018.training.txt"
    off: list[str] = []
    other: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                (off if cols[1] == "OFFENSE" and cols[2] != "PROFANITY" else other).append(
                    tweet(cols[0])
                )
    return [
        Pool("germeval_offense", off, frozenset({"insults_threats"}), INSULTISH),
        Pool("germeval_other", other, frozenset(), INSULTISH | HATEISH),
    ], [path]
