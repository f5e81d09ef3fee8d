"""Reads: a user's comments for their profile, filtered by who is looking."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Page

from decorum.community.actions import delete_comment, post_comment
from decorum.community.selectors import comments_by_author, specific_page
from decorum.enforcement.actions import reject_comment
from decorum.news.models import ArticlePage

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


def test_the_author_comments_tag_shows_own_statuses_and_escapes_text(
    reader: Any, second_reader: Any, moderator: Any, article: Page, rule_id: str, rf: Any
) -> None:
    from django.template import Context, Template

    post_comment(author=reader, article=article, text="<b>Visible</b>")
    rejected = post_comment(author=reader, article=article, text="Turned down")
    reject_comment(comment=rejected, moderator=moderator, rule=rule_id)
    template = Template("{% load community_tags %}{% author_comments author %}")

    def render(viewer: Any) -> str:
        request = rf.get("/profile/")
        request.user = viewer
        return template.render(Context({"request": request, "author": reader}))

    own = render(reader)
    assert "&lt;b&gt;Visible&lt;/b&gt;" in own and "<b>Visible" not in own
    assert "Turned down" in own and "status-badge--rejected" in own
    assert article.title in own
    assert "Turned down" not in render(second_reader)


def test_trusted_callers_can_backdate_and_skip_the_rate_limit(
    reader: Any, article: Page, settings: Any
) -> None:
    from datetime import UTC, datetime

    settings.DECORUM_COMMUNITY_RATE_PER_USER = 1
    when = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    for number in range(3):
        comment = post_comment(
            author=reader,
            article=article,
            text=f"Demo {number}",
            enforce_rate_limit=False,
            created_at=when,
        )
    assert comment.created_at == when


def test_the_demo_threads_nest_and_show_an_author_edit(
    reader: Any, second_reader: Any, article: Page
) -> None:
    from django.test import Client

    from decorum.demo.comments import add_demo_threads

    posted = add_demo_threads(article=article, authors=[reader, second_reader])
    assert max(comment.depth for comment in posted) == 2
    html = Client().get(article.url).content.decode()
    assert html.count('class="comment comment--published') == len(posted)
    assert "edited by the author" in html
    assert 'href="https://www.openstreetmap.org" rel="nofollow ugc noopener"' in html


def test_specific_page_is_the_article_itself_and_one_query_once_its_type_is_known(
    article: Page, django_assert_num_queries: Any
) -> None:
    first = specific_page(article.pk)
    assert type(first) is ArticlePage and first.pk == article.pk
    assert first.title == article.title
    with django_assert_num_queries(1):
        again = specific_page(article.pk)
    assert type(again) is ArticlePage and again.pk == article.pk

    missing = article.pk + 10_000
    assert specific_page(missing) is None
    Page.objects.filter(pk=article.pk).delete()
    assert specific_page(article.pk) is None  # a type remembered for a page since deleted
