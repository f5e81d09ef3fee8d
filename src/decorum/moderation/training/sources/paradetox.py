"""paradetox (English) and its Russian counterpart (RUSSE 2022): toxic sentences and their
polite rewrites (hard negatives)."""

from __future__ import annotations

from pathlib import Path

from decorum.moderation.training.sources.common import INSULTISH, Pool, Read


def read(root: Path) -> Read:
    path = root / "paradetox" / "paradetox.tsv"
    toxic: list[str] = []
    neutral: list[str] = []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            toxic.append(cols[0])
            neutral.extend(c for c in cols[1:] if c.strip())
    return [
        Pool("paradetox_toxic", toxic, frozenset({"insults_threats"}), INSULTISH),
        Pool("paradetox_neutral", neutral, frozenset(), None),
    ], [path]


def read_russian(root: Path) -> Read:
    path = root / "ru_paradetox_russe2022" / "train.tsv"
    toxic: list[str] = []
    neutral: list[str] = []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue
            toxic.append(cols[1])
            neutral.extend(c for c in cols[2:] if c.strip())
    return [
        Pool("ru_paradetox_toxic", toxic, frozenset({"insults_threats"}), INSULTISH),
        Pool("ru_paradetox_neutral", neutral, frozenset(), None),
    ], [path]
