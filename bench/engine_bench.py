"""Engine benchmark on policy-dev: load time, throughput (batch and one by one), latency, RSS.

Run: ``.venv/bin/python bench/engine_bench.py [--repeat N]``. Figures go to stdout.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _data_dir() -> Path:
    """policy-dev beside the checkout, or beside any parent (git worktrees live deeper)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "datasets" / "policy-dev"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "datasets" / "policy-dev"


DATA = _data_dir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", default=str(DATA / "articles.jsonl"))
    parser.add_argument("--comments", default=str(DATA / "comments.jsonl"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from decorum.moderation.cli import load_comments, read_articles
    from decorum.moderation.engine import Engine
    from decorum.moderation.policy import load_default_policy

    import_s = time.perf_counter() - started
    started = time.perf_counter()
    engine = Engine(load_default_policy())
    load_s = time.perf_counter() - started
    articles = read_articles(args.articles)
    items, _ = load_comments(args.comments, articles)
    comments = [c for c, _ in items]
    n = len(comments)
    print(f"comments: {n}")
    # Other work on the machine moves every figure below; the load average says how much.
    print("load average at start: {:.2f} {:.2f} {:.2f} ({} cores)".format(
        *os.getloadavg(), os.cpu_count()))  # fmt: skip
    print(f"import: {import_s:.2f} s; engine load (models, lists, warm-up): {load_s:.2f} s")

    batch_rates = []
    for _ in range(args.repeat):
        fresh = Engine(engine.policy)  # fresh state so campaigns replay the same way
        started = time.perf_counter()
        fresh.decide_many(comments)
        batch_rates.append(n / (time.perf_counter() - started))
    # The first pass meets cold per-token and per-word caches, as a freshly started worker
    # would; later passes see the words of the earlier ones (a long-running worker's state).
    print(
        f"decide_many: {statistics.median(batch_rates):.0f} comments/s (median of "
        f"{args.repeat}; first pass, cold caches: {batch_rates[0]:.0f} comments/s)"
    )

    latencies: list[float] = []
    one = Engine(engine.policy)
    started = time.perf_counter()
    for c in comments:
        t = time.perf_counter()
        one.decide(c)
        latencies.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"decide one by one: {n / total:.0f} comments/s; latency p50 {p50:.1f} ms, "
          f"p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "decorum.cli", "moderate", "--articles", args.articles,
             args.comments, "-o", str(out)],
            check=True, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        cli_s = time.perf_counter() - started
    print(f"CLI moderate end to end: {cli_s:.2f} s for {n} comments ({n / cli_s:.0f} comments/s "
          "including start-up)")  # fmt: skip
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB (this process), {child_mb:.0f} MB (CLI process)")
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
