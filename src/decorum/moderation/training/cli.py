"""``decorum train``: build the classifier artefacts reproducibly from the shared datasets.

The command line of :mod:`decorum.moderation.training` (its docstring says what it does).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from decorum.moderation.detectors.classifier import MODELS_DIR
from decorum.moderation.training.build import train
from decorum.moderation.training.check import compare
from decorum.moderation.training.sources import datasets_dir


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum train", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare")
    parser.add_argument("--out", type=Path, default=None, help=f"default: {MODELS_DIR}")
    parser.add_argument(
        "--exclude-articles",
        default="",
        help="comma-separated policy-dev article ids to keep out of the shipped model",
    )
    args = parser.parse_args(list(argv[1:] if argv and argv[0] == "train" else argv))
    exclude = tuple(a for a in args.exclude_articles.split(",") if a)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _run(args.check, args.out, exclude)


def _run(check: bool, out: Path | None, exclude: tuple[str, ...]) -> int:
    root = datasets_dir()
    if check and not (root / "policy-dev" / "comments.jsonl").exists():
        # A clone on its own has no training data; it must still pass the test command.
        print(
            f"decorum train --check: skipped: no training data at {root} (put the shared "
            "datasets beside the checkout or set DECORUM_DATASETS; CI runs the check there)",
            file=sys.stderr,
        )
        return 0
    try:
        if check:
            committed = out or MODELS_DIR
            with tempfile.TemporaryDirectory(prefix="decorum-train-") as tmp:
                train(Path(tmp), exclude)
                problems = compare(committed, Path(tmp))
            if problems:
                for p in problems:
                    print(f"decorum train --check: {p}", file=sys.stderr)
                return 1
            print("decorum train --check: artefacts match", file=sys.stderr)
            return 0
        manifest = train(out or MODELS_DIR, exclude)
        held_out = {k: v for k, v in manifest["held_out"].items() if k != "per_source"}
        print(json.dumps(held_out, indent=2))
        return 0
    except FileNotFoundError as err:
        print(f"decorum train: {err}", file=sys.stderr)
        return 2
