"""Reads: a user's comments for their profile, filtered by who is looking."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Page

from decorum.community.actions import delete_comment, post_comment
from decorum.community.selectors import comments_by_author
from decorum.enforcement.actions import reject_comment

pytestmark = pytest.mark.django_db


def test_comments_by_author_depends_on_the_viewer(
    reader: Any,
    second_reader: Any,
    moderator: Any,
    article: Page,
    rule_id: str,
    django_assert_max_num_queries: Any,
) -> None:
    shown = post_comment(author=reader, article=article, text="Shown")
    rejected = post_comment(author=reader, article=article, text="Rejected one")
    removed = post_comment(author=reader, article=article, text="Removed one")
    reject_comment(comment=rejected, moderator=moderator, rule=rule_id)
    delete_comment(comment=removed, actor=reader)

    def texts(viewer: Any) -> set[str]:
        with django_assert_max_num_queries(3):
            return {c.text + c.article.title for c in comments_by_author(reader, viewer)}

    title = article.title
    assert texts(second_reader) == {"Shown" + title}
    assert texts(None) == {"Shown" + title}
    assert texts(reader) == {"Shown" + title, "Rejected one" + title}
    assert texts(moderator) == {"Shown" + title, "Rejected one" + title, "Removed one" + title}
    assert shown.pk
