"""Demo comment threads for ``decorum serve``'s first run (text written for Decorum).

The demo loader in ``decorum.demo.build`` calls :func:`add_demo_threads` once per article it
wants discussed; everything goes through the same actions people use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from decorum.community.actions import edit_comment, post_comment
from decorum.community.models import Comment

# (text, index of the comment it replies to or None)
DEMO_THREAD: tuple[tuple[str, int | None], ...] = (
    ("Good to see this covered in detail. Does anyone know when the next update is due?", None),
    ("The council said it would publish figures at the end of the month.", 0),
    ("Thanks, that helps. I will look out for it.", 1),
    ("A map of the affected streets would help; https://www.openstreetmap.org has one.", None),
    ("Agreed, a map would make the article much clearer.", 3),
    ("Interesting read. The second half answered most of my questions.", None),
)


def add_demo_threads(
    *,
    article: Page,
    authors: Sequence[Any],
    thread: Sequence[tuple[str, int | None]] = DEMO_THREAD,
    edit: bool = True,
) -> list[Comment]:
    """Post ``thread`` under ``article``, cycling through ``authors``; returns the comments.

    Precondition: ``article`` is a live page of a commentable type.
    """
    start = timezone.now() - timedelta(hours=len(thread) + 1)
    posted: list[Comment] = []
    for index, (text, parent_index) in enumerate(thread):
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
    if not edit:
        return posted
    last = posted[-1]
    edit_comment(
        comment=last,
        editor=last.author,
        text=last.text + "\n\nEdit: the interview at the end was the best part.",
    )
    return posted


# Comments the engine should hold or reject, so the demo's moderation queues have work in them.
DEMO_PROBLEMS: tuple[str, ...] = (
    "Anyone who agrees with this article is an idiot and a moron, honestly.",
    "BUY CHEAP FOLLOWERS NOW at promo-deals.example, 50% off today only, click here!!!",
)


def add_demo_problems(
    *, article: Page, author: Any, problems: Sequence[str] = DEMO_PROBLEMS
) -> list[Comment]:
    """Post comments that break the rules; the engine checks them like any reader's."""
    return [
        post_comment(author=author, article=article, text=text, enforce_rate_limit=False)
        for text in problems
    ]
