"""``decorum train --extra``: the publisher's own labels on top of the shipped data.

Writes a new model directory ``<out>/site-YYYYMMDD-HHMM`` (the layout of the shipped
``models/``: ``classifier.npz`` and ``classifier.json``, see
``detectors.classifier.load_model_dir``) and never touches the shipped artefacts. The site
keeps its models under ``<data dir>/models``; putting one in force is the site's business
(``Engine(classifier_model=path)``), going back is choosing none.

The figures before and after are the classifier's out-of-fold three-way decisions over the
same comments (policy-dev, the contrast sets and the extra labels, each held out by article
or family): "before" is trained exactly without the extra labels, which it only scores.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from decorum.moderation.detectors.classifier import MANIFEST_FILE, MODELS_DIR
from decorum.moderation.training.build import train
from decorum.moderation.training.sources.extra import load_extra

SITE_PREFIX = "site-"


def default_models_root() -> Path:
    """``<data dir>/models``, the data directory found as the site finds it
    (``DECORUM_DATA_DIR``, else ``~/.decorum``; ``settings.env.data_dir``), without Django."""
    data = os.environ.get("DECORUM_DATA_DIR", "") or str(Path.home() / ".decorum")
    return Path(data).expanduser() / "models"


def new_model_name(root: Path, now: datetime) -> str:
    """``site-YYYYMMDD-HHMM`` (UTC), with ``-2``, ``-3``... when that minute is taken."""
    base = SITE_PREFIX + now.astimezone(UTC).strftime("%Y%m%d-%H%M")
    name, n = base, 1
    while (root / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@dataclass(frozen=True, slots=True)
class SiteModel:
    """A model trained with the publisher's labels, and its held-out figures."""

    directory: Path
    before: dict[str, Any]
    after: dict[str, Any]


def train_with_extra(
    labels: Path,
    *,
    out_root: Path,
    articles: Path | None = None,
    exclude: Sequence[str] = (),
    sources: Collection[str] | None = None,
    log: bool = True,
    now: datetime | None = None,
) -> SiteModel:
    """Train without and with the labels of ``labels``; write the second model under
    ``out_root``. Raises ``ValueError`` when ``out_root`` is the shipped models directory or
    the file holds no labelled comment."""
    out_root = out_root.resolve()
    shipped = MODELS_DIR.resolve()
    if out_root == shipped or shipped in out_root.parents:
        raise ValueError(f"{out_root} is the shipped models directory: choose another --out.")
    extra, files = load_extra(labels, articles)
    if not extra:
        raise ValueError(f"{labels} holds no labelled comment.")
    with tempfile.TemporaryDirectory(prefix="decorum-before-") as tmp:
        before = train(Path(tmp), exclude, log=log, sources=sources, extra=extra, learn_extra=False)
    out_root.mkdir(parents=True, exist_ok=True)
    name = new_model_name(out_root, now or datetime.now(UTC))
    # Written beside its final place and renamed when complete, so the site never lists a
    # half-written model.
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out_root))
    try:
        after = train(partial, exclude, log=log, sources=sources, extra=extra)
        after["name"] = name
        after["extra_labels"]["files"] = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files
        }
        after["held_out_before_extra_labels"] = before["held_out"]
        (partial / MANIFEST_FILE).write_text(
            json.dumps(after, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        directory = out_root / name
        partial.rename(directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return SiteModel(directory, before["held_out"], after["held_out"])


def _change(a: float, b: float) -> str:
    return f"{a:7.1%} -> {b:7.1%}"


def format_comparison(before: dict[str, Any], after: dict[str, Any]) -> str:
    """The out-of-fold summary of ``decorum evaluate --cv``, before -> after, for the
    classifier: per rule the share of violations rejected and caught (rejected or queued),
    then per language and set the acceptable comments rejected and queued and the violating
    comments caught."""
    lines = [
        "out of fold, the classifier's decisions (policy-dev by article, contrast sets by "
        "family, extra labels by article); before -> after the extra labels",
        "",
        f"{'rule':<22} {'rejected (recall)':>20} {'caught':>20} {'support':>8}",
    ]
    for rule, b in before["per_rule"].items():
        a = after["per_rule"].get(rule, b)
        lines.append(
            f"{rule:<22} {_change(b['reject_recall'], a['reject_recall']):>20} "
            f"{_change(b['caught'], a['caught']):>20} {a['support']:8d}"
        )
    lines.append(f"macro caught {_change(before['macro_caught'], after['macro_caught'])}")
    lines.append("")
    lines.append(
        f"{'':<14} {'acc.':>5} {'acc. rejected':>20} {'acc. queued':>20} {'viol.':>6} "
        f"{'violating caught':>20}"
    )
    groups = [("all", before, after)]
    groups += [
        (f"lang {k}", v, after["per_language"].get(k, v)) for k, v in before["per_language"].items()
    ]
    groups += [
        (f"set {k}", v, after["per_source"].get(k, v)) for k, v in before["per_source"].items()
    ]
    for name, b, a in groups:
        lines.append(
            f"{name:<14} {a['acceptable']:5d} "
            f"{_change(b['acceptable_rejected'], a['acceptable_rejected']):>20} "
            f"{_change(b['acceptable_queued'], a['acceptable_queued']):>20} "
            f"{a['violating']:6d} {_change(b['violating_caught'], a['violating_caught']):>20}"
        )
    return "\n".join(lines)
