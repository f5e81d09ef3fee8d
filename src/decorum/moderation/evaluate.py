"""Scoring the engine against labelled comments: per-rule precision, recall and F1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from decorum.moderation.types import Verdict


def evaluate(
    labels: Sequence[Sequence[str]], verdicts: Sequence[Verdict], rule_ids: Sequence[str]
) -> dict[str, Any]:
    """Per-rule P/R/F1 (predicted = the rule fired), macro averages and catch rates."""
    per_rule: dict[str, dict[str, float]] = {}
    for rid in rule_ids:
        tp = fp = fn = 0
        for gold, verdict in zip(labels, verdicts, strict=True):
            predicted = any(f.rule == rid for f in verdict.fired)
            truth = rid in gold
            tp += predicted and truth
            fp += predicted and not truth
            fn += truth and not predicted
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_rule[rid] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    scored = [m for m in per_rule.values() if m["tp"] + m["fn"] > 0]
    n = max(1, len(scored))
    violating = [v for g, v in zip(labels, verdicts, strict=True) if g]
    acceptable = [v for g, v in zip(labels, verdicts, strict=True) if not g]
    return {
        "rules": per_rule,
        "macro": {
            "precision": sum(m["precision"] for m in scored) / n,
            "recall": sum(m["recall"] for m in scored) / n,
            "f1": sum(m["f1"] for m in scored) / n,
        },
        "comments": len(verdicts),
        "violating": len(violating),
        "acceptable": len(acceptable),
        "violating_caught": _share(violating, lambda v: v.action != "allow"),
        "violating_rejected": _share(violating, lambda v: v.action == "reject"),
        "acceptable_rejected": _share(acceptable, lambda v: v.action == "reject"),
        "acceptable_flagged": _share(acceptable, lambda v: v.action != "allow"),
    }


def _share(items: Sequence[Verdict], test: Any) -> float:
    return sum(1 for v in items if test(v)) / len(items) if items else 0.0


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{'rule':<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for rid, m in report["rules"].items():
        lines.append(
            f"{rid:<22} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f} "
            f"{m['tp']:4d} {m['fp']:4d} {m['fn']:4d}"
        )
    macro = report["macro"]
    lines.append(
        f"{'macro':<22} {macro['precision']:6.2f} {macro['recall']:6.2f} {macro['f1']:6.2f}"
    )
    lines.append(
        f"comments {report['comments']}: violating {report['violating']}, "
        f"acceptable {report['acceptable']}"
    )
    lines.append(f"violating caught (queue or reject): {report['violating_caught']:.1%}")
    lines.append(f"violating rejected: {report['violating_rejected']:.1%}")
    lines.append(f"acceptable rejected: {report['acceptable_rejected']:.1%}")
    lines.append(f"acceptable flagged (queue or reject): {report['acceptable_flagged']:.1%}")
    return "\n".join(lines)
