"""Engine command line: ``moderate``, ``evaluate`` and ``train`` (no Django involved)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from decorum.moderation.types import ArticleContext, CommentInput, ParentContext


class InputError(ValueError):
    """A line of the input could not be read; the message names the line and the field."""


def read_articles(path: str | Path) -> dict[str, ArticleContext]:
    articles: dict[str, ArticleContext] = {}
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                articles[str(d["id"])] = ArticleContext(
                    id=str(d["id"]),
                    edition=str(d["edition"]),
                    title=str(d.get("title", "")),
                    body=str(d.get("body", "")),
                )
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {n}: not valid JSON ({exc.msg})") from exc
            except KeyError as exc:
                raise InputError(f"{path} line {n}: field {exc.args[0]!r} is missing") from exc
    return articles


def _field(d: dict[str, Any], name: str, where: str) -> str:
    if name not in d:
        raise InputError(f"{where}: field {name!r} is missing")
    value = d[name]
    if not isinstance(value, str):
        raise InputError(f"{where}: field {name!r} must be text")
    return value


def parse_comment(
    line: str, where: str, articles: dict[str, ArticleContext], texts: dict[str, CommentInput]
) -> tuple[CommentInput, list[str]]:
    """One policy-dev comment line -> ``(CommentInput, labels)``."""
    try:
        d = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(d, dict):
        raise InputError(f"{where}: must be a JSON object")
    cid = _field(d, "id", where)
    article_id = _field(d, "article_id", where)
    if article_id not in articles:
        raise InputError(f"{where}: field 'article_id': unknown article {article_id!r}")
    text = _field(d, "text", where)
    author = _field(d, "author", where)
    raw_time = _field(d, "created_at", where)
    try:
        created = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{where}: field 'created_at': not an ISO date and time") from exc
    if created.tzinfo is None:
        raise InputError(f"{where}: field 'created_at': needs a time zone")
    parent: ParentContext | None = None
    parent_id = d.get("parent_id")
    if parent_id is not None:
        prev = texts.get(str(parent_id))
        parent = ParentContext(
            str(parent_id), prev.text if prev else "", prev.author if prev else ""
        )
    labels = d.get("labels") or []
    if not isinstance(labels, list):
        raise InputError(f"{where}: field 'labels' must be a list")
    comment = CommentInput(cid, text, author, articles[article_id], created, parent)
    return comment, [str(x) for x in labels]


def load_comments(
    path: str | Path, articles: dict[str, ArticleContext], errors: TextIO | None = None
) -> tuple[list[tuple[CommentInput, list[str]]], int]:
    """All readable comments and the number of bad lines (each reported on ``errors``)."""
    texts: dict[str, CommentInput] = {}
    out: list[tuple[CommentInput, list[str]]] = []
    bad = 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                comment, labels = parse_comment(line, f"{path} line {n}", articles, texts)
            except InputError as exc:
                print(f"error: {exc}", file=errors or sys.stderr)
                bad += 1
                continue
            texts[comment.id] = comment
            out.append((comment, labels))
    return out, bad


def _engine(policy_path: str | None) -> Any:
    from decorum.moderation.engine import Engine
    from decorum.moderation.policy import load_default_policy, load_policy

    policy = load_policy(policy_path) if policy_path else load_default_policy()
    return Engine(policy)


def cmd_moderate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum moderate")
    parser.add_argument("--articles", required=True)
    parser.add_argument("comments")
    parser.add_argument("--policy")
    parser.add_argument("-o", "--output")
    args = parser.parse_args(argv)
    from tqdm import tqdm

    from decorum.moderation.policy import PolicyError

    try:
        articles = read_articles(args.articles)
        engine = _engine(args.policy)
    except (InputError, PolicyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    items, bad = load_comments(args.comments, articles)
    from decorum.moderation.retro import amend_all

    verdicts = []
    batch = 1024  # decide_many pipelines its own smaller batches
    with tqdm(total=len(items), file=sys.stderr, unit="comment", disable=None) as bar:
        for i in range(0, len(items), batch):
            chunk = [c for c, _ in items[i : i + batch]]
            verdicts.extend(engine.decide_many(chunk))
            bar.update(len(chunk))
    # Campaigns and floods are recognised late; earlier members are amended as a site would.
    verdicts = amend_all(verdicts, engine.policy)
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for verdict in verdicts:
            out.write(json.dumps(verdict.as_dict(), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if bad else 0


def cmd_evaluate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum evaluate")
    parser.add_argument("--articles", required=True)
    parser.add_argument("--comments", required=True)
    parser.add_argument("--policy")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="out of fold: retrain the fold models and decide each comment with the model "
        "that never saw its article or paraphrase family (adds the contrast sets)",
    )
    parser.add_argument("--card", help="with --cv: write the model card (Markdown) here")
    parser.add_argument(
        "--mistakes",
        help="with --cv: write the wrong out-of-fold decisions here (JSON lines: acceptable "
        "comments rejected or queued, violations allowed or rejected under another rule)",
    )
    args = parser.parse_args(argv)
    if (args.card or args.mistakes) and not args.cv:
        parser.error("--card and --mistakes need --cv")
    from decorum.moderation.evaluate import evaluate, format_report

    articles = read_articles(args.articles)
    items, bad = load_comments(args.comments, articles)
    if args.cv:
        from decorum.moderation.crossval import cross_validate, format_cv_report

        policy = _engine(args.policy).policy
        data = cross_validate(
            items, policy, mistakes_path=Path(args.mistakes) if args.mistakes else None
        )
        print(json.dumps(data, indent=2) if args.json else format_cv_report(data))
        if args.card:
            from decorum.moderation.crossval import measure_latency, model_card
            from decorum.moderation.detectors.classifier import load_manifest

            card = model_card(data, load_manifest(), measure_latency(items, policy))
            Path(args.card).write_text(card, encoding="utf-8")
        return 1 if bad else 0
    engine = _engine(args.policy)
    from decorum.moderation.retro import amend_all

    verdicts = amend_all(engine.decide_many([c for c, _ in items]), engine.policy)
    report = evaluate(
        [labels for _, labels in items], verdicts, [r.id for r in engine.policy.rules]
    )
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_report(report))
    return 1 if bad else 0


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: decorum moderate|evaluate|train ...", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "moderate":
        return cmd_moderate(rest)
    if command == "evaluate":
        return cmd_evaluate(rest)
    if command == "train":
        from decorum.moderation.training import main as train_main

        return train_main(rest)
    print(f"decorum: unknown engine command {command!r}", file=sys.stderr)
    return 2
