"""presidio: neutral sentences full of names and addresses (negatives for our rules)."""

from __future__ import annotations

import json
from pathlib import Path

from decorum.moderation.training.sources.common import Pool, Read


def read(root: Path) -> Read:
    path = root / "presidio_synth_pii" / "synth_dataset_v2.json"
    pii = [
        str(item["full_text"]).replace("\n", " ")
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]
    return [Pool("presidio", pii, frozenset(), None)], [path]
