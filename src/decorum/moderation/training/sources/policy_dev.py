"""policy-dev: comments written and labelled for Decorum's default standards."""

from __future__ import annotations

import json
from pathlib import Path

from decorum.moderation.detectors.classifier import CLASSIFIER_RULES
from decorum.moderation.training.examples import Example
from decorum.moderation.training.sources import SOURCES


def load_policy_dev(root: Path) -> tuple[list[Example], list[Path]]:
    path = root / "policy-dev" / "comments.jsonl"
    weight, _ = SOURCES["policy_dev"]
    editions: dict[str, str] = {}
    with (root / "policy-dev" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                article = json.loads(line)
                editions[article["id"]] = article.get("edition", "")
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            labels = frozenset(row["labels"]) & set(CLASSIFIER_RULES)
            out.append(
                Example(
                    row["text"],
                    labels,
                    "policy_dev",
                    weight,
                    group=row["article_id"],
                    acceptable=not row["labels"],
                    language=editions.get(row["article_id"], ""),
                )
            )
    return out, [path, root / "policy-dev" / "articles.jsonl"]
