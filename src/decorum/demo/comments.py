"""Post the demo's comment threads and rule-breaking comments (text in ``content/``).

Everything goes through the same actions people use, so threads nest, edits show and the
engine checks the problem comments like any reader's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from decorum.community.actions import edit_comment, post_comment
from decorum.community.models import Comment
from decorum.demo.loader import Thread, read_edition


def add_demo_threads(
    *, article: Page, authors: Sequence[Any], thread: Thread | None = None
) -> list[Comment]:
    """Post ``thread`` (by default the English edition's first) under ``article``, cycling
    through ``authors``; returns the comments.

    Precondition: ``article`` is a live page of a commentable type.
    """
    thread = thread or read_edition("en").threads[0]
    start = timezone.now() - timedelta(hours=len(thread.comments) + 1)
    posted: list[Comment] = []
    for index, (text, parent_index) in enumerate(thread.comments):
        posted.append(
            post_comment(
                author=authors[index % len(authors)],
                article=article,
                text=text,
                parent=posted[parent_index] if parent_index is not None else None,
                enforce_rate_limit=False,
                created_at=start + timedelta(hours=index),
                screen=False,
            )
        )
    if thread.edit:
        last = posted[-1]
        edit_comment(comment=last, editor=last.author, text=f"{last.text}\n\n{thread.edit}")
    return posted


def add_demo_problems(*, article: Page, author: Any, problems: Sequence[str]) -> list[Comment]:
    """Post comments that break the rules; the engine checks them like any reader's."""
    return [
        post_comment(author=author, article=article, text=text, enforce_rate_limit=False)
        for text in problems
    ]
