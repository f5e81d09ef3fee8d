"""A training text with its labels, and the fold it is held out in."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Example:
    """One training text. ``scope`` lists the rules it is evidence for (None: every rule)."""

    text: str
    labels: frozenset[str]
    source: str
    weight: float
    scope: frozenset[str] | None = None
    group: str = ""  # policy-dev article id or contrast family, else ""
    acceptable: bool = False  # policy-dev or contrast comment with no label at all
    language: str = ""  # of the policy-dev edition or contrast file; "" elsewhere
    all_labels: frozenset[str] = frozenset()  # every rule id, the classifier's or not


def fold_of(examples: Sequence[Example], folds: Sequence[Sequence[str]]) -> np.ndarray:
    """The fold each example is held out in (-1: always trained on). Policy-dev by article,
    contrast comments by family, fresh sets and the publisher's extra labels by article (spread
    over the folds by a stable hash)."""
    out = np.full(len(examples), -1, dtype=np.int64)
    for i, e in enumerate(examples):
        if e.source == "policy_dev":
            out[i] = next(k for k, fold in enumerate(folds) if e.group in fold)
        elif e.source in ("contrast", "fresh", "extra"):
            out[i] = group_fold(e.group, len(folds))
    return out


def group_fold(group: str, n_folds: int) -> int:
    """The fold a hashed group (a contrast family, an article of the fresh sets or of the
    extra labels) is held out in: one stable hash, so training and ``evaluate --cv`` agree."""
    return zlib.crc32(group.encode("utf-8")) % n_folds
