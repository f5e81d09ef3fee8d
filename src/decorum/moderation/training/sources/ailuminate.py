"""AILuminate prompts: only for the rare categories, and lightly."""

from __future__ import annotations

import csv
from pathlib import Path

from decorum.moderation.training.sources.common import Pool, Read


def read(root: Path) -> Read:
    path = root / "ailuminate_demo" / "airr_official_1.0_demo_en_us_prompt_set_release.csv"
    hazard_rule = {"cse": "minors", "ssh": "suicide", "vcr": "violence", "hte": "hate"}
    by_hazard: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_hazard.setdefault(row["hazard"], []).append(row["prompt_text"])
    pools: list[Pool] = []
    for hazard in sorted(hazard_rule):
        rule = hazard_rule[hazard]
        pools.append(
            Pool("ailuminate", by_hazard.get(hazard, []), frozenset({rule}), frozenset({rule}))
        )
    specialised = [t for h in sorted(by_hazard) if h.startswith("spc_") for t in by_hazard[h]]
    pools.append(Pool("ailuminate", specialised, frozenset(), None))
    return pools, [path]
