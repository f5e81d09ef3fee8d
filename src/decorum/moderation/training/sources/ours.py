"""Our own sets: seed examples, contrast sets and fresh comment sets, kept as data files
beside the engine."""

from __future__ import annotations

import json
from pathlib import Path

from decorum.moderation.detectors.classifier import CLASSIFIER_RULES
from decorum.moderation.training.examples import Example
from decorum.moderation.training.sources import SOURCES
from decorum.moderation.training.sources.extra import article_editions
from decorum.moderation.types import RULE_IDS

SEEDS_DIR = Path(__file__).resolve().parents[2] / "data" / "seeds"
CONTRAST_DIR = Path(__file__).resolve().parents[2] / "data" / "contrast"
FRESH_DIR = Path(__file__).resolve().parents[2] / "data" / "fresh"


def load_seeds(directory: Path = SEEDS_DIR) -> tuple[list[Example], list[Path]]:
    """Our own examples: ``labels<TAB>text`` per line, labels comma-separated or ``-``."""
    out: list[Example] = []
    files = sorted(directory.glob("*.tsv"))
    for path in files:
        source = "seeds_dev_informed" if path.stem.endswith("_dev_informed") else "seeds"
        weight, _ = SOURCES[source]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            head, sep, text = line.partition("\t")
            if not sep or not text.strip():
                raise ValueError(f"{path}:{n}: expected 'labels<TAB>text'.")
            labels = frozenset() if head.strip() == "-" else frozenset(head.strip().split(","))
            unknown = labels - set(RULE_IDS)
            if unknown:
                raise ValueError(f"{path}:{n}: unknown rule ids {sorted(unknown)}.")
            out.append(Example(text.strip(), labels & set(CLASSIFIER_RULES), source, weight))
    return out, files


def contrast_language(path: Path) -> str:
    """The language of a contrast file: its name up to the first ``_`` (``ru_civility`` -> ru)."""
    return path.stem.split("_", 1)[0]


def load_contrast(directory: Path = CONTRAST_DIR) -> tuple[list[Example], list[Path]]:
    """Contrast sets: ``family<TAB>labels<TAB>text``; a family of paraphrases stays on one
    side of every split, so no variant of a held-out comment is trained on.

    Every ``*.tsv`` in the folder is read; the language is the file name up to the first
    ``_`` (``en_civility.tsv`` is English). The plain per-language files (``en.tsv``,
    ``ru.tsv``) come first, so adding a themed file leaves the earlier examples in place."""
    out: list[Example] = []
    files = sorted(directory.glob("*.tsv"), key=lambda p: ("_" in p.stem, p.name))
    weight, _ = SOURCES["contrast"]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not parts[2].strip():
                raise ValueError(f"{path}:{n}: expected 'family<TAB>labels<TAB>text'.")
            family, head, text = (p.strip() for p in parts)
            labels = frozenset() if head == "-" else frozenset(head.split(","))
            unknown = labels - set(RULE_IDS)
            if unknown:
                raise ValueError(f"{path}:{n}: unknown rule ids {sorted(unknown)}.")
            out.append(
                Example(
                    text,
                    labels & set(CLASSIFIER_RULES),
                    "contrast",
                    weight,
                    group=f"contrast:{family}",
                    acceptable=not labels,
                    language=contrast_language(path),
                    all_labels=labels,
                )
            )
    return out, files


def fresh_sets(directory: Path = FRESH_DIR) -> list[Path]:
    """The fresh comment sets (``set1``, ``set2``, ...), in the order they were written."""
    return sorted(
        (p for p in directory.glob("set*") if (p / "comments.jsonl").exists()),
        key=lambda p: int(p.name[3:]),
    )


def load_fresh(directory: Path = FRESH_DIR) -> tuple[list[Example], list[Path]]:
    """Fresh sets: comments under invented articles in policy-dev's shape, written from the
    rules' definitions alone. Each article is one group, so a held-out article takes all its
    comments with it, as policy-dev's do."""
    out: list[Example] = []
    files: list[Path] = []
    weight, _ = SOURCES["fresh"]
    for folder in fresh_sets(directory):
        articles, comments = folder / "articles.jsonl", folder / "comments.jsonl"
        files += [articles, comments]
        editions = article_editions(articles)
        for n, line in enumerate(comments.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            labels = frozenset(row["labels"])
            unknown = labels - set(RULE_IDS)
            if unknown:
                raise ValueError(f"{comments}:{n}: unknown rule ids {sorted(unknown)}.")
            out.append(
                Example(
                    row["text"],
                    labels & set(CLASSIFIER_RULES),
                    "fresh",
                    weight,
                    group=fresh_group(folder.name, str(row["article_id"])),
                    acceptable=not labels,
                    language=editions.get(str(row["article_id"]), ""),
                    all_labels=labels,
                )
            )
    return out, files


def fresh_group(set_name: str, article_id: str) -> str:
    """The fold group of a fresh comment: its set and article (ids repeat across sets)."""
    return f"fresh:{set_name}:{article_id}"
