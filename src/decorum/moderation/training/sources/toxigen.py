"""toxigen: implicit hate vs neutral statements about groups."""

from __future__ import annotations

from pathlib import Path

from decorum.moderation.training.sources.common import HATEISH, Pool, Read


def read(root: Path) -> Read:
    files: list[Path] = []
    hate_t: list[str] = []
    neutral_t: list[str] = []
    for path in sorted((root / "toxigen_prompts" / "prompts").glob("*.txt")):
        files.append(path)
        target = hate_t if path.name.startswith("hate_") else neutral_t
        for line in path.read_text(encoding="utf-8").splitlines():
            for part in line.split("\\n"):
                part = part.strip()
                if part.startswith("- "):
                    part = part[2:]
                target.append(part)
    return [
        Pool("toxigen_hate", hate_t, HATEISH, HATEISH),
        Pool("toxigen_neutral", neutral_t, frozenset(), None),
    ], files
