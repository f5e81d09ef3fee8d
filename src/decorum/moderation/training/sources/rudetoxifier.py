"""ru_rudetoxifier: toxic Russian sentences."""

from __future__ import annotations

from pathlib import Path

from decorum.moderation.training.sources.common import INSULTISH, Pool, Read


def read(root: Path) -> Read:
    path = root / "ru_rudetoxifier" / "ru_toxic_10k.txt"
    texts = path.read_text(encoding="utf-8").splitlines()
    return [Pool("ru_toxic", texts, frozenset({"insults_threats"}), INSULTISH)], [path]
