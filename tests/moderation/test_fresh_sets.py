"""Ten fresh comment sets (``moderation/data/fresh``) as regression checks: no acceptable comment
is rejected, and the violations stay caught. They were unseen once (figures in their README); the
engine has since been changed for their misses and its classifier trains on them, so these
thresholds guard, they do not measure (``test_held_out_sets`` does).
"""

from __future__ import annotations

import pytest

from decorum.moderation.cli import load_comments, read_articles
from decorum.moderation.engine import Engine
from decorum.moderation.evaluate import evaluate
from decorum.moderation.retro import amend_all
from decorum.moderation.training.sources.ours import FRESH_DIR

SETS = FRESH_DIR
# Acceptable comments sent to a person, at most. Set 8 is Russian news talk (sarcasm about a law,
# replies with reply tags, questions about payments): the classifier's trolling, insult and spam
# scores put 10 % of its acceptable comments just over the queue line, a known failure class
# (model card); sets 7 and 10 have 12 and 15 of 169 and 177 there. The bounds keep them from
# growing.
FLAGGED_AT_MOST = {"set7": 0.08, "set8": 0.11, "set10": 0.09}


@pytest.mark.parametrize("name", [f"set{n}" for n in range(1, 11)])
def test_a_fresh_set_loses_no_acceptable_comment_and_keeps_its_violations_caught(
    name: str,
) -> None:
    articles = read_articles(SETS / name / "articles.jsonl")
    items, bad = load_comments(SETS / name / "comments.jsonl", articles)
    assert bad == 0 and len(items) > 250
    engine = Engine()  # its own recent-activity state: the sets' campaigns do not mix
    verdicts = amend_all(engine.decide_many([c for c, _ in items]), engine.policy)
    report = evaluate(
        [labels for _, labels in items], verdicts, [r.id for r in engine.policy.rules]
    )
    assert report["acceptable_rejected"] == 0.0
    assert report["acceptable_flagged"] <= FLAGGED_AT_MOST.get(name, 0.07)
    assert report["violating_caught"] >= 0.88
