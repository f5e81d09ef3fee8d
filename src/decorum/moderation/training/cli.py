"""``decorum train``: build the classifier artefacts reproducibly from the shared datasets.

The command line of :mod:`decorum.moderation.training` (its docstring says what it does).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from decorum.moderation.detectors.classifier import MODELS_DIR
from decorum.moderation.training.build import train
from decorum.moderation.training.check import compare
from decorum.moderation.training.featurise import EMBED_CACHE_ENV
from decorum.moderation.training.site import (
    default_models_root,
    format_comparison,
    train_with_extra,
)
from decorum.moderation.training.sources import SOURCE_TABLE, datasets_dir


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum train", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"default: {MODELS_DIR}; with --extra, where the site-YYYYMMDD-HHMM model goes "
        "(default: <DECORUM_DATA_DIR or ~/.decorum>/models)",
    )
    parser.add_argument(
        "--exclude-articles",
        default="",
        help="comma-separated policy-dev article ids to keep out of the shipped model",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=None,
        help="the publisher's labels (decorum export-labels, policy-dev shape): train with "
        "them on top, report out-of-fold figures before and after, write a new model",
    )
    parser.add_argument(
        "--extra-articles",
        type=Path,
        default=None,
        help="articles of the extra labels (default: <labels>.articles.jsonl when present)",
    )
    parser.add_argument(
        "--sources",
        default="",
        help="with --extra: comma-separated sources to read (default all; policy_dev is "
        "needed), a quick reduced run, e.g. policy_dev,contrast,seeds",
    )
    args = parser.parse_args(list(argv[1:] if argv and argv[0] == "train" else argv))
    exclude = tuple(a for a in args.exclude_articles.split(",") if a)
    if args.extra is None and (args.sources or args.extra_articles):
        parser.error("--sources and --extra-articles go with --extra")
    if args.extra is not None and args.check:
        parser.error("--check compares the shipped artefacts; it does not take --extra")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        if args.extra is not None:
            sources = tuple(s for s in args.sources.split(",") if s) or None
            return _run_extra(args.extra, args.extra_articles, args.out, exclude, sources)
        return _run(args.check, args.out, exclude)


def _run_extra(
    labels: Path,
    articles: Path | None,
    out: Path | None,
    exclude: tuple[str, ...],
    sources: tuple[str, ...] | None,
) -> int:
    unknown = set(sources or ()) - {s.name for s in SOURCE_TABLE}
    if unknown:
        known = ", ".join(s.name for s in SOURCE_TABLE)
        print(f"decorum train: unknown sources {sorted(unknown)} (known: {known})", file=sys.stderr)
        return 2
    try:
        model = train_with_extra(
            labels,
            out_root=out or default_models_root(),
            articles=articles,
            exclude=exclude,
            sources=sources,
        )
    except (FileNotFoundError, ValueError) as err:
        print(f"decorum train: {err}", file=sys.stderr)
        return 2
    print(format_comparison(model.before, model.after))
    print(f"\nmodel: {model.directory}")
    return 0


def _run(check: bool, out: Path | None, exclude: tuple[str, ...]) -> int:
    shipped = out is None or out.resolve() == MODELS_DIR.resolve()
    if shipped and os.environ.get(EMBED_CACHE_ENV):
        # The cache's vectors were computed in other batches than a full run computes them;
        # the float differences can move a threshold past the check's tolerance.
        print(
            f"decorum train: {EMBED_CACHE_ENV} is set: it is a development aid, and artefacts "
            "built or checked with it can differ from a fresh run's; unset it to write or "
            "check the shipped model (or pass --out to another directory)",
            file=sys.stderr,
        )
        return 2
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
