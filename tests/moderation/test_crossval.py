"""``decorum evaluate --cv``: each comment decided by its own fold's model, figures per group."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from decorum.moderation.crossval import (
    OPEN_THREAD,
    Case,
    decide_out_of_fold,
    mistakes,
    model_card,
    report,
)
from decorum.moderation.detectors.classifier import CLASSIFIER_RULES, MODEL_FILE, MODELS_DIR
from decorum.moderation.policy import load_default_policy
from decorum.moderation.training import NEVER_REJECTS
from decorum.moderation.types import CommentInput


def _case(n: int, text: str, labels: set[str], fold: int, language: str = "en") -> Case:
    comment = CommentInput(
        id=f"c{n}",
        text=text,
        author=f"a{n}",
        article=OPEN_THREAD[language],
        created_at=datetime(2026, 6, 1, n, tzinfo=UTC),
    )
    return Case(comment, frozenset(labels), "contrast", language, fold)


def test_each_case_is_decided_by_the_model_of_its_fold(tmp_path: Path) -> None:
    calm, loud = tmp_path / "fold-0", tmp_path / "fold-1"
    shutil.copytree(MODELS_DIR, calm)
    shutil.copytree(MODELS_DIR, loud)
    with np.load(loud / MODEL_FILE) as z:
        arrays = {k: z[k] for k in z.files}
    # this fold calls everything trolling, past even the logit of a rule that never rejects
    # (its queue logit + NEVER_REJECTS)
    arrays["bias"][CLASSIFIER_RULES.index("trolling")] += 2 * NEVER_REJECTS
    np.savez_compressed(loud / MODEL_FILE, **arrays)
    text = "The timetable changes next month, according to the transport office."
    cases = [_case(0, text, set(), 0), _case(1, text, set(), 1)]
    policy = load_default_policy()
    first, second = decide_out_of_fold(cases, policy, [calm, loud])
    assert first.action == "allow"
    assert second.action != "allow" and "trolling" in second.scores
    assert second.scores["trolling"] > 0.9


def test_the_report_counts_acceptable_rejections_per_language_and_rule(tmp_path: Path) -> None:
    policy = load_default_policy()
    cases = [
        _case(0, "Thank you for the clear explanation of the new bus routes.", set(), 0),
        _case(1, "You are a pathetic idiot and a moron.", {"insults_threats"}, 0),
        _case(2, "Спасибо за подробную статью о новом мосте.", set(), 1, "ru"),
        _case(3, "Ты тупой урод, заткнись.", {"insults_threats"}, 1, "ru"),
    ]
    verdicts = decide_out_of_fold(cases, policy, [MODELS_DIR, MODELS_DIR])
    data = report(cases, verdicts, policy)
    assert data["overall"]["acceptable"] == 2 and data["overall"]["violating"] == 2
    assert data["overall"]["acceptable_rejected"] == 0.0
    assert data["overall"]["violating_caught"] == 1.0
    assert set(data["per_language"]) == {"en", "ru"}
    assert data["rules"]["insults_threats"]["support"] == 2
    assert data["rules"]["insults_threats"]["caught"] == 1.0
    card = model_card(
        data,
        {"rules": list(CLASSIFIER_RULES)},
        {"load_seconds": 1.0, "p50_ms": 5.0, "p99_ms": 20.0, "comments": 4},
    )
    assert "| language ru | 2 |" in card and "out of fold" in card
    assert "times their weight" not in card  # a manifest without the weight says nothing of it
    weighted = model_card(
        data,
        {"rules": list(CLASSIFIER_RULES), "hyperparameters": {"external_weight": 0.3}},
        {"load_seconds": 1.0, "p50_ms": 5.0, "p99_ms": 20.0, "comments": 4},
    )
    assert "weigh 0.3 times their weight" in weighted


def test_the_mistakes_list_names_what_went_wrong_and_nothing_that_went_right() -> None:
    policy = load_default_policy()
    cases = [
        _case(0, "Thank you for the clear explanation of the new bus routes.", set(), 0),
        _case(1, "You are a pathetic idiot and a moron.", {"insults_threats"}, 0),
        # acceptable, but rejected: an obscene word rejects on its own
        _case(2, "The fucking bus was late again, but the article is right.", set(), 0),
        # a violation the engine lets through: the label says so, nothing in the text does
        _case(3, "The new bus routes start on Monday.", {"spam"}, 0),
    ]
    verdicts = decide_out_of_fold(cases, policy, [MODELS_DIR])
    rows = {row["id"]: row for row in mistakes(cases, verdicts, policy)}
    assert set(rows) == {"c2", "c3"}
    assert rows["c2"]["kind"] == "acceptable rejected" and "profanity" in rows["c2"]["rules"]
    assert rows["c3"]["kind"] == "violation allowed" and rows["c3"]["labels"] == ["spam"]
    assert rows["c3"]["text"] == "The new bus routes start on Monday."
