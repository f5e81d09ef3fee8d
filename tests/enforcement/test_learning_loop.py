"""The whole loop of learning from moderators, end to end on a real database.

Readers use a made-up insult ("glorbnik") that no dataset knows, so the shipped model lets it
through. Moderators reject those comments under insults_threats and approve ordinary ones;
``decorum export-labels`` writes their decisions; ``decorum train --extra`` retrains on them
(reduced to our own sources to stay quick: not the shipped recipe); an administrator puts the
new model in force over HTTP; the next comment with the word is no longer published, and going
back to the shipped model publishes it again.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from decorum.cli import main as decorum
from decorum.community.actions import post_comment
from decorum.community.models import CommentStatus
from decorum.enforcement import engine_adapter
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.moderation.training import datasets_dir
from decorum.moderation.training import main as train_main
from tests.community.conftest import make_page
from tests.conftest import login, make_user
from tests.enforcement.conftest import screened

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (datasets_dir() / "policy-dev" / "comments.jsonl").exists(),
        reason=f"no training data at {datasets_dir()} (policy-dev is needed to retrain): "
        "put the shared datasets beside the checkout or set DECORUM_DATASETS",
    ),
]

INSULTS = [
    "The councillor who wrote this plan is a glorbnik.",
    "Only a glorbnik would vote for this.",
    "You are a complete glorbnik, read the article first.",
    "What a glorbnik the harbour master is.",
    "The festival organiser is such a glorbnik.",
    "Shut up, glorbnik.",
    "Glorbnik. That is all you are.",
    "The head teacher is a lazy glorbnik.",
    "You glorbnik, nobody asked you.",
    "The librarian is a glorbnik and everyone knows it.",
    "Another glorbnik running the council.",
    "Ignore him, he is a glorbnik.",
]
ORDINARY = [
    "Bus lanes will make my commute much faster.",
    "Sunday opening is great news for students.",
    "I hope the food stalls come back to the old square.",
    "Cheaper lunches help families a lot.",
    "Who pays for the extra library staff?",
    "The harbour festival was lovely last year.",
    "Deliveries to the shops on Main Street will be harder.",
    "Good decision by the council, long overdue.",
]
PROBE = "Councillor Hart is such a glorbnik."


def test_moderators_decisions_retrain_the_model_the_site_then_uses(
    tmp_path: Path,
    settings: Any,
    moderator: Any,
    admin_user: Any,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    models_root = tmp_path / "models"
    settings.DECORUM_ENFORCEMENT_MODELS_DIR = str(models_root)
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True  # the engine's check runs when the post commits
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    cache.clear()
    engine_adapter.clear_caches()
    pages = [make_page(title=f"Council news {n}") for n in range(4)]
    readers = [
        make_user(get_user_model(), f"reader{n}@example.com", display_name=f"Reader {n}")
        for n in range(6)
    ]

    # The shipped model does not know the word.
    before = screened(readers[0], pages[0], PROBE, django_capture_on_commit_callbacks)
    assert before.status == CommentStatus.PUBLISHED

    # Moderators decide comments readers posted (held for review: premoderation).
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    for n, text in enumerate(INSULTS + ORDINARY):
        comment = post_comment(
            author=readers[n % len(readers)], article=pages[n % 4], text=text, screen=False
        )
        if text in INSULTS:
            reject_comment(comment=comment, moderator=moderator, rule="insults_threats")
        else:
            approve_comment(comment=comment, moderator=moderator)
    settings.DECORUM_COMMUNITY_PREMODERATION = False

    labels = tmp_path / "labels.jsonl"
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert decorum(["export-labels", "--since", since, "-o", str(labels)]) == 0
    records = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    rejected = [r for r in records if r["labels"] == ["insults_threats"]]
    assert len(rejected) == len(INSULTS) and all("glorbnik" in r["text"].lower() for r in rejected)
    assert sum(1 for r in records if r["labels"] == []) == len(ORDINARY)
    assert not any("reader" in json.dumps(r).lower() for r in records)  # pseudonymised

    code = train_main(
        [
            "train",
            "--extra",
            str(labels),
            "--out",
            str(models_root),
            "--sources",
            "policy_dev,seeds",
        ]
    )
    assert code == 0
    (model,) = models_root.iterdir()

    login(client, admin_user)
    assert (
        client.post("/moderation/models/", {"what": "model", "name": model.name}).status_code == 302
    )
    after = screened(readers[1], pages[1], PROBE, django_capture_on_commit_callbacks)
    assert after.status in (CommentStatus.PENDING, CommentStatus.REJECTED)

    assert client.post("/moderation/models/", {"what": "shipped"}).status_code == 302
    back = screened(readers[2], pages[2], PROBE, django_capture_on_commit_callbacks)
    assert back.status == CommentStatus.PUBLISHED
