"""Two comment sets the classifier never trained on (``cases/held_out_sets``): the shipped
engine must reject none of their acceptable comments and keep the figures measured when they
were written (their README). A retrained model that does worse on them fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decorum.moderation.cli import load_comments, read_articles
from decorum.moderation.engine import Engine
from decorum.moderation.evaluate import evaluate
from decorum.moderation.retro import amend_all
from decorum.moderation.training.sources.ours import FRESH_DIR, fresh_sets

SETS = Path(__file__).parent / "cases" / "held_out_sets"
# Measured with the shipped model (88.1 %, 82.2 %, 88.7 % and 84.1 % caught; 4, 3, 4 and 1 sent
# to a person), less a few comments of slack for retraining's noise. set24 and set25 were written
# at the end of session 29 and first run with the model and word lists it ships with.
CAUGHT_AT_LEAST = {"set11": 0.80, "set12": 0.76, "set24": 0.85, "set25": 0.80}


@pytest.mark.parametrize("name", sorted(CAUGHT_AT_LEAST))
def test_a_held_out_set_loses_no_acceptable_comment(name: str) -> None:
    articles = read_articles(SETS / name / "articles.jsonl")
    items, bad = load_comments(SETS / name / "comments.jsonl", articles)
    assert bad == 0 and len(items) > 250
    engine = Engine()
    verdicts = amend_all(engine.decide_many([c for c, _ in items]), engine.policy)
    report = evaluate(
        [labels for _, labels in items], verdicts, [r.id for r in engine.policy.rules]
    )
    assert report["acceptable_rejected"] == 0.0
    assert report["acceptable_flagged"] <= 0.05
    assert report["violating_caught"] >= CAUGHT_AT_LEAST[name]


def test_the_held_out_sets_are_not_training_data() -> None:
    def texts(path: Path) -> set[str]:
        # stock remarks ("Agreed.", "Это уже угроза. Модераторы, обратите внимание.") are written
        # alike by different people: only longer comments count
        rows = (json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line)
        return {text for text in rows if len(text) > 60}

    trained = set().union(*(texts(folder / "comments.jsonl") for folder in fresh_sets(FRESH_DIR)))
    assert len(trained) > 2000
    for name in CAUGHT_AT_LEAST:
        assert not trained & texts(SETS / name / "comments.jsonl")
