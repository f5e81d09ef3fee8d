"""Retroactive findings: a campaign or a flood is only visible once it has grown.

The first copies of a flash mob, and the first fragments of a flood, look harmless when they
arrive. When a later verdict names them as related comments, a live site re-queues them; this
module computes those amended verdicts so the command line and the site apply the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from decorum.moderation.policy import Policy
from decorum.moderation.types import Action, Evidence, Finding, Verdict

RETROACTIVE_RULES = ("flash_mob", "flooding")


def retroactive_findings(verdicts: Sequence[Verdict]) -> dict[str, list[Finding]]:
    """The finding each earlier comment earns when a later flash_mob/flooding verdict names it."""
    earned: dict[str, list[Finding]] = {}
    for verdict in verdicts:
        for finding in verdict.fired:
            if finding.rule not in RETROACTIVE_RULES:
                continue
            for evidence in finding.evidence:
                for related in evidence.related_ids:
                    if related == verdict.comment_id:
                        continue
                    bucket = earned.setdefault(related, [])
                    if any(f.rule == finding.rule for f in bucket):
                        continue
                    bucket.append(
                        Finding(
                            rule=finding.rule,
                            score=finding.score,
                            detector=finding.detector,
                            reason=(
                                f"Recognised later: comment {verdict.comment_id} showed this "
                                f"comment is part of the same pattern. {finding.reason}"
                            ),
                            evidence=(Evidence(kind="related", related_ids=(verdict.comment_id,)),),
                            code=finding.code,
                            params={**finding.params, "recognised_later": True},
                        )
                    )
    return earned


def apply_retroactive(verdict: Verdict, findings: Sequence[Finding], policy: Policy) -> Verdict:
    """The verdict amended with retroactive findings (never softened)."""
    new = [f for f in findings if f.rule not in {x.rule for x in verdict.fired}]
    if not new:
        return verdict
    action: Action = verdict.action
    for finding in new:
        if policy.rule(finding.rule).action == "reject":
            action = "reject"
        elif action == "allow":
            action = "queue"
    scores = dict(verdict.scores)
    for finding in new:
        scores[finding.rule] = max(scores.get(finding.rule, 0.0), finding.score)
    statement = verdict.statement
    for finding in new:
        statement += f"\n- {policy.rule(finding.rule).title('en')}: {finding.reason}"
    fired = (*verdict.fired, *new)
    return replace(
        verdict,
        action=action,
        fired=fired,
        scores=scores,
        statement=statement,
        rule=policy.cited_rule(action, fired, scores),
    )


def amend_all(verdicts: Sequence[Verdict], policy: Policy) -> list[Verdict]:
    earned = retroactive_findings(verdicts)
    return [apply_retroactive(v, earned.get(v.comment_id, ()), policy) for v in verdicts]
