"""The publisher's own labels: comments people decided on the site, exported by
``decorum export-labels`` in the policy-dev shape.

Each line of ``labels.jsonl`` is a policy-dev comment (``id``, ``article_id``, ``text``,
``labels``; other fields are ignored). Its language is the line's own ``language`` (or
``edition``) when present, else the edition of its article in the companion articles file
(``labels.articles.jsonl``, policy-dev's ``articles.jsonl`` shape), else unknown. Comments are
grouped by article, so the folds hold a whole article out as they do for policy-dev.
"""

from __future__ import annotations

import json
from pathlib import Path

from decorum.moderation.detectors.classifier import CLASSIFIER_RULES
from decorum.moderation.training.examples import Example
from decorum.moderation.training.sources import SOURCES
from decorum.moderation.types import RULE_IDS

EXTRA_SOURCE = "extra"


def companion_articles(labels: Path) -> Path:
    """``labels.jsonl`` -> ``labels.articles.jsonl``, where ``export-labels`` puts them."""
    return labels.with_name(f"{labels.stem}.articles{labels.suffix}")


def article_editions(path: Path) -> dict[str, str]:
    """Article id -> edition, from a policy-dev shaped ``articles.jsonl``."""
    editions: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
                editions[str(article["id"])] = str(article.get("edition", ""))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{n}: not an article line ({err}).") from err
    return editions


def load_extra(path: Path, articles: Path | None = None) -> tuple[list[Example], list[Path]]:
    """The labelled comments of ``path``, weighted like policy-dev; ``articles`` defaults to
    the companion file when it exists. Raises ``ValueError`` on a bad line or rule id."""
    files = [path]
    if articles is None and companion_articles(path).exists():
        articles = companion_articles(path)
    editions: dict[str, str] = {}
    if articles is not None:
        editions = article_editions(articles)
        files.append(articles)
    weight, _ = SOURCES["policy_dev"]
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = str(row["text"])
                labels = frozenset(str(x) for x in (row.get("labels") or []))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{n}: not a labelled comment ({err}).") from err
            unknown = labels - set(RULE_IDS)
            if unknown:
                raise ValueError(f"{path}:{n}: unknown rule ids {sorted(unknown)}.")
            article = str(row.get("article_id") or "")
            language = str(row.get("language") or row.get("edition") or "")
            out.append(
                Example(
                    text,
                    labels & set(CLASSIFIER_RULES),
                    EXTRA_SOURCE,
                    weight,
                    group=f"{EXTRA_SOURCE}:{article or row.get('id', n)}",
                    acceptable=not labels,
                    language=language or editions.get(article, ""),
                    all_labels=labels,
                )
            )
    return out, files
