"""Shared setup of the enforcement tests that run the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from decorum.community.actions import post_comment
from decorum.community.models import Comment
from decorum.enforcement import engine_adapter


@pytest.fixture
def screening_on(settings: Any) -> Iterator[None]:
    """Every comment checked by the real engine as its post commits, and posting not held for
    the outcome; with an empty cache (rate limits, the policy memo) and fresh engine caches."""
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    cache.clear()
    engine_adapter.clear_caches()
    yield
    engine_adapter.clear_caches()


def screened(author: Any, page: Any, text: str, capture: Any) -> Comment:
    """Post ``text`` and run its after-commit check (``capture``: Django's
    ``django_capture_on_commit_callbacks``); the comment as the check left it."""
    with capture(execute=True):
        comment = post_comment(author=author, article=page, text=text)
    comment.refresh_from_db()
    return comment
