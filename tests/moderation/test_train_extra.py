"""``decorum train --extra``: the publisher's labels change what the retrained model decides.

A made-up insult ("glorbnik") that no dataset knows: the shipped model lets a comment using it
through; after training with a handful of moderator labels for it, the model in the new site
directory sends the same (unseen) comment to a person or rejects it. The run is reduced to our
own sources (``--sources``) to stay quick; it is not the shipped recipe.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from decorum.moderation.detectors.classifier import MANIFEST_FILE, MODEL_FILE, MODELS_DIR
from decorum.moderation.engine import Engine
from decorum.moderation.training import datasets_dir, load_model_dir, main
from decorum.moderation.types import ArticleContext, CommentInput

pytestmark = pytest.mark.skipif(
    not (datasets_dir() / "policy-dev" / "comments.jsonl").exists(),
    reason=f"no training data at {datasets_dir()} (policy-dev is needed to retrain): "
    "put the shared datasets beside the checkout or set DECORUM_DATASETS",
)

ARTICLES = [
    {"id": f"a{n}", "edition": "en", "title": title, "body": body}
    for n, (title, body) in enumerate(
        [
            ("Council approves new bus lanes", "Three main streets get bus lanes next year."),
            ("Library opening hours extended", "The central library will open on Sundays."),
            ("Harbour festival returns", "Boats, music and food stalls are back in July."),
            ("School meals to get cheaper", "The city will pay part of every school lunch."),
        ],
        start=1,
    )
]
INSULTS = [
    "The councillor who wrote this plan is a glorbnik.",
    "Only a glorbnik would vote for this.",
    "Mark, you are a complete glorbnik.",
    "What a glorbnik the harbour master is.",
    "The festival organiser is such a glorbnik.",
    "Shut up, glorbnik.",
    "Glorbnik. That is all you are, Tom.",
    "The head teacher is a lazy glorbnik.",
    "You glorbnik, read the article before commenting.",
    "The librarian is a glorbnik and everyone knows it.",
    "Another glorbnik running the council.",
    "Ignore Sue, she is a glorbnik.",
]
ACCEPTABLE = [
    "Bus lanes will make my commute much faster.",
    "Sunday opening is great news for students.",
    "I hope the food stalls come back to the old square.",
    "Cheaper lunches help families a lot.",
    "Who pays for the extra library staff?",
    "The harbour festival was lovely last year.",
    "Deliveries to the shops on Main Street will be harder.",
    "Good decision by the council, long overdue.",
]
# Unseen by training: same insult, another sentence and another person.
PROBE = "Councillor Hart is such a glorbnik."


def _write_labels(tmp_path: Path) -> Path:
    labels = tmp_path / "labels.jsonl"
    rows = [(text, ["insults_threats"]) for text in INSULTS] + [(t, []) for t in ACCEPTABLE]
    with labels.open("w", encoding="utf-8") as fh:
        for n, (text, rules) in enumerate(rows):
            record = {
                "id": f"x{n}",
                "article_id": f"a{n % 4 + 1}",
                "author": f"p{n}",
                "created_at": f"2026-06-01T10:{n:02d}:00Z",
                "parent_id": None,
                "text": text,
                "labels": rules,
                "decision": "rejected" if rules else "approved",
            }
            fh.write(json.dumps(record) + "\n")
    # the companion file export-labels writes beside the labels
    (tmp_path / "labels.articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    return labels


def _decide(engine: Engine) -> str:
    article = ArticleContext(
        id="a1", edition="en", title=ARTICLES[0]["title"], body=ARTICLES[0]["body"]
    )
    comment = CommentInput(
        id="probe",
        text=PROBE,
        author="reader",
        article=article,
        created_at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC),
    )
    return engine.decide(comment).action


def test_it_learns_a_slang_insult_from_the_publishers_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _decide(Engine()) == "allow"  # the shipped model does not know the word
    shipped = (MODELS_DIR / MODEL_FILE).read_bytes()
    labels = _write_labels(tmp_path)
    out = tmp_path / "models"

    code = main(
        [
            "train",
            "--extra",
            str(labels),
            "--out",
            str(out),
            "--sources",
            "policy_dev,seeds",
        ]
    )

    printed = capsys.readouterr().out
    assert code == 0
    (directory,) = out.iterdir()
    assert directory.name.startswith("site-") and f"model: {directory}" in printed
    assert "set extra" in printed and "insults_threats" in printed
    assert (MODELS_DIR / MODEL_FILE).read_bytes() == shipped  # never over the shipped model
    manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["name"] == directory.name
    assert manifest["extra_labels"]["examples"] == len(INSULTS) + len(ACCEPTABLE)
    assert "held_out_before_extra_labels" in manifest
    load_model_dir(directory)
    assert _decide(Engine(classifier_model=directory)) != "allow"


def test_it_refuses_to_write_into_the_shipped_models(tmp_path: Path) -> None:
    labels = _write_labels(tmp_path)
    code = main(["train", "--extra", str(labels), "--out", str(MODELS_DIR)])
    assert code == 2
    assert sorted(p.name for p in MODELS_DIR.iterdir() if not p.name.startswith("__")) == [
        "classifier.json",
        "classifier.npz",
    ]


def test_a_directory_without_a_model_is_refused_where_it_is_chosen(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a classifier model"):
        Engine(classifier_model=tmp_path)


def test_the_embedding_cache_never_builds_or_checks_the_shipped_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Vectors cached from other batches differ from a fresh run's in float rounding, enough to
    move a threshold past train --check's tolerance (it happened): the cache is refused there."""
    monkeypatch.setenv("DECORUM_TRAIN_EMBED_CACHE", str(tmp_path / "cache.npz"))
    shipped = (MODELS_DIR / MODEL_FILE).read_bytes()
    assert main(["train"]) == 2
    assert main(["train", "--check"]) == 2
    assert main(["train", "--out", str(MODELS_DIR)]) == 2
    assert (MODELS_DIR / MODEL_FILE).read_bytes() == shipped
    assert not (tmp_path / "cache.npz").exists()
