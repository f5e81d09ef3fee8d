"""The training data: one explicit table of sources, each with its reader, licence and caps.

A public dataset's reader returns pools of texts; :func:`load_external` walks the table in
order, de-duplicates each pool and samples it down to its cap with the one seeded generator,
so the order of the table is part of what makes training reproducible. Our own sets (seeds,
contrast sets, fresh sets, policy-dev) are read whole by their loaders in :mod:`.ours` and
:mod:`.policy_dev`: their examples carry article groups and languages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from decorum.moderation.training.examples import Example
from decorum.moderation.training.hyper import HYPER
from decorum.moderation.training.sources import (
    ailuminate,
    davidson,
    germeval,
    paradetox,
    presidio,
    rudetoxifier,
    stormfront,
    telegram,
    toxigen,
    youtube,
)
from decorum.moderation.training.sources.common import Read, dedup, sample

REPO_ROOT = Path(__file__).resolve().parents[5]


@dataclass(frozen=True, slots=True)
class Source:
    """One data source: ``caps`` maps each example source it yields to (weight, cap).

    ``read`` is None for our own sets, which their loaders read whole.
    """

    name: str
    licence: str
    caps: Mapping[str, tuple[float, int]]
    read: Callable[[Path], Read] | None = None


# Caps keep the training set at ~25k texts (a few minutes on 2 cores).
SOURCE_TABLE: tuple[Source, ...] = (
    Source(
        "seeds",
        "ours (data/seeds)",
        {"seeds": (3.0, 100_000), "seeds_dev_informed": (3.0, 100_000)},
    ),
    Source("policy_dev", "CC0", {"policy_dev": (6.0, 100_000)}),
    Source("contrast", "ours (data/contrast)", {"contrast": (6.0, 100_000)}),
    Source("fresh", "ours (data/fresh)", {"fresh": (6.0, 100_000)}),
    Source(
        "davidson",
        "MIT",
        {
            "davidson_hate": (0.5, 1400),
            "davidson_offensive": (0.25, 2000),
            "davidson_neither": (0.6, 3000),
        },
        davidson.read,
    ),
    Source(
        "paradetox",
        "CC0",
        {"paradetox_toxic": (0.35, 2500), "paradetox_neutral": (0.8, 3000)},
        paradetox.read,
    ),
    Source(
        "ru_paradetox_russe2022",
        "OpenRAIL++ (dataset card)",
        {"ru_paradetox_toxic": (0.4, 2500), "ru_paradetox_neutral": (0.8, 2500)},
        paradetox.read_russian,
    ),
    Source("ru_rudetoxifier", "MIT", {"ru_toxic": (0.35, 1500)}, rudetoxifier.read),
    Source(
        "toxigen_prompts",
        "MIT",
        {"toxigen_hate": (0.8, 2000), "toxigen_neutral": (0.8, 2000)},
        toxigen.read,
    ),
    Source(
        "stormfront_hate",
        "CC BY-SA 3.0",
        {"stormfront_hate": (0.5, 1200), "stormfront_nohate": (0.5, 2000)},
        stormfront.read,
    ),
    Source(
        "germeval2018",
        "CC BY 4.0",
        {"germeval_offense": (0.25, 800), "germeval_other": (0.4, 1200)},
        germeval.read,
    ),
    Source(
        "youtube_spam",
        "CC BY 4.0",
        {"youtube_spam": (0.6, 1000), "youtube_ham": (0.6, 1000)},
        youtube.read,
    ),
    Source(
        "telegram_spam_ru",
        "GPL-3.0",
        {"telegram_spam_ru": (0.6, 1500), "telegram_ham_ru": (0.6, 1500)},
        telegram.read,
    ),
    Source("ailuminate_demo", "CC BY 4.0", {"ailuminate": (0.25, 1200)}, ailuminate.read),
    Source("presidio_synth_pii", "MIT", {"presidio": (0.6, 800)}, presidio.read),
    Source("caps_copies", "derived from the sources above", {"caps_copies": (1.0, 800)}),
)

# example source -> (weight, cap), in the table's order (recorded in the manifest)
SOURCES: dict[str, tuple[float, int]] = {
    name: weight_cap for source in SOURCE_TABLE for name, weight_cap in source.caps.items()
}


def datasets_dir() -> Path:
    override = os.environ.get("DECORUM_DATASETS", "")
    return Path(override) if override else (REPO_ROOT.parent / "shared" / "datasets")


def load_external(
    root: Path, rng: np.random.Generator, only: Collection[str] | None = None
) -> tuple[list[Example], list[Path]]:
    """Examples from the public datasets (those named in ``only``, default all); returns
    them and the files read (for hashing)."""
    out: list[Example] = []
    files: list[Path] = []
    for source in SOURCE_TABLE:
        if source.read is None or (only is not None and source.name not in only):
            continue
        pools, read = source.read(root)
        files.extend(read)
        for pool in pools:
            weight, cap = SOURCES[pool.source]
            weight *= HYPER["external_weight"]
            for t in sample(dedup(pool.texts), cap, rng):
                out.append(Example(t, pool.labels, pool.source, weight, pool.scope))
    return out, files


CAPS_SOURCES = frozenset({"seeds", "paradetox_neutral", "ru_paradetox_neutral", "davidson_neither"})


def caps_copies(examples: Sequence[Example], rng: np.random.Generator) -> list[Example]:
    """Upper-case copies of acceptable texts, so shouting alone never reads as abuse.

    Capitals are the formatting rule's business; the toxic corpora shout more than the
    neutral ones, and without these copies the models learn that shortcut.
    """
    weight, cap = SOURCES["caps_copies"]
    weight *= HYPER["external_weight"]
    pool = [e for e in examples if not e.labels and e.source in CAPS_SOURCES]
    return [
        Example(e.text.upper(), frozenset(), "caps_copies", weight) for e in sample(pool, cap, rng)
    ]
