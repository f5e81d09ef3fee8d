"""Comments through HTTP with the shared cast: posting, replies, edits, deletes, visibility."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Page

from decorum.community.models import Comment, CommentRevision, CommentStatus
from decorum.enforcement.models import StatusChange
from tests.community.conftest import article_html, post
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_logged_in_reader_posts_a_comment_that_is_published(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "  The new cycle lane is a good idea.  ")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.text == "The new cycle lane is a good idea."
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.author == reader
    change = StatusChange.objects.get(comment=comment)
    assert (change.from_status, change.to_status, change.by_system) == ("", "published", True)
    html = article_html(client, article)
    assert f'data-comment-id="{comment.pk}"' in html
    assert "The new cycle lane is a good idea." in html


def test_an_anonymous_visitor_sees_a_login_link_and_cannot_post(
    client: Any, reader: Any, article: Page
) -> None:
    html = article_html(client, article)
    assert 'id="comment-form"' not in html
    assert "login-to-comment" in html
    response = post(client, article, "Hello")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_readers_reply_three_levels_deep_and_the_thread_nests(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Level zero")
    top = Comment.objects.get()
    other = login(type(client)(), second_reader)
    other.post(f"/comments/{top.pk}/reply/", {"text": "Level one"})
    one = Comment.objects.get(text="Level one")
    post(client, article, "Level two", parent=one)
    two = Comment.objects.get(text="Level two")
    other.post(f"/comments/{two.pk}/reply/", {"text": "Level three"})
    three = Comment.objects.get(text="Level three")
    assert [one.depth, two.depth, three.depth] == [1, 2, 3]
    assert {c.root_id for c in (one, two, three)} == {top.pk}
    html = article_html(client, article)
    # Each reply sits inside its parent's element: the ids appear in nesting order.
    positions = [html.index(f'id="comment-{c.pk}"') for c in (top, one, two, three)]
    assert positions == sorted(positions)
    assert html.count('class="comment-replies"') == 3


def test_the_reply_link_turns_the_form_into_a_reply_form(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Original point")
    top = Comment.objects.get()
    login(client, second_reader)
    html = article_html(client, article, f"?reply={top.pk}")
    assert f'name="parent" value="{top.pk}"' in html
    assert "Replying to Rita Reader." in html


def test_a_reply_to_a_comment_of_another_article_is_refused(
    client: Any, reader: Any, article: Page, other_article: Page
) -> None:
    login(client, reader)
    post(client, other_article, "Elsewhere")
    foreign = Comment.objects.get()
    response = post(client, article, "Crossing threads", parent=foreign)
    assert response.status_code == 400
    assert "belongs to another article" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "No article"}, "The article is missing from the request."),
        ({"article": "abc", "text": "x"}, "Enter a whole number."),
        ({"article": "999999", "text": "x"}, "does not exist"),
    ],
)
def test_malformed_posts_get_a_clear_400(
    client: Any, reader: Any, article: Page, data: dict[str, str], message: str
) -> None:
    login(client, reader)
    response = client.post("/comments/post/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_non_integer_parent_is_a_clear_400(client: Any, reader: Any, article: Page) -> None:
    login(client, reader)
    response = client.post("/comments/post/", {"article": article.pk, "parent": "x1", "text": "Hi"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_posting_needs_post_and_a_csrf_token(client: Any, reader: Any, article: Page) -> None:
    login(client, reader)
    assert client.get("/comments/post/").status_code == 405
    strict = login(type(client)(enforce_csrf_checks=True), reader)
    response = strict.post("/comments/post/", {"article": article.pk, "text": "Hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_author_edits_their_comment_and_the_previous_version_is_kept(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Fist version")
    comment = Comment.objects.get()
    page = client.get(f"/comments/{comment.pk}/edit/")
    assert page.status_code == 200
    assert "Fist version" in page.content.decode()
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "First version"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "First version"
    assert comment.last_edited_role == "author"
    revision = CommentRevision.objects.get(comment=comment)
    assert (revision.text, revision.edited_by, revision.role) == ("Fist version", reader, "author")
    html = article_html(client, article)
    assert "edited by the author" in html
    assert "edited by a moderator" not in html


def test_a_moderator_edits_any_comment_and_the_label_says_so(
    client: Any, reader: Any, moderator: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "My phone is 555 0100, call me")
    comment = Comment.objects.get()
    login(client, moderator)
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "[number removed]"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.last_edited_by == moderator
    assert comment.last_edited_role == "moderator"
    assert CommentRevision.objects.get().text == "My phone is 555 0100, call me"
    html = article_html(client, article)
    assert "edited by a moderator" in html
    assert "555 0100" not in html


def test_other_readers_cannot_edit_or_delete_a_comment(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Mine")
    comment = Comment.objects.get()
    login(client, second_reader)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/comments/{comment.pk}/edit/", {"text": "Yours"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.text, comment.status) == ("Mine", CommentStatus.PUBLISHED)
    html = article_html(client, article)
    assert "edit-link" not in html


def test_the_author_deletes_a_comment_which_is_hidden_but_kept(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Regrettable remark")
    comment = Comment.objects.get()
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED
    assert comment.text == "Regrettable remark"
    assert StatusChange.objects.filter(comment=comment, to_status="removed", actor=reader).exists()
    assert "Regrettable remark" not in article_html(client, article)
    login(client, second_reader)
    assert "Regrettable remark" not in article_html(client, article)


def test_a_removed_comment_with_replies_leaves_a_placeholder(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Parent text")
    parent = Comment.objects.get()
    other = login(type(client)(), second_reader)
    other.post(f"/comments/{parent.pk}/reply/", {"text": "Child text"})
    client.post(f"/comments/{parent.pk}/delete/")
    html = article_html(other, article)
    assert "Parent text" not in html
    assert "This comment is no longer available." in html
    assert "Child text" in html


def test_a_moderator_can_delete_any_comment(
    client: Any, reader: Any, moderator: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Spam spam spam")
    comment = Comment.objects.get()
    login(client, moderator)
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED


def test_comments_on_a_page_that_is_not_live_are_refused(
    client: Any, reader: Any, article: Page
) -> None:
    article.unpublish()
    login(client, reader)
    response = post(client, article, "Too early")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comments_are_refused_on_pages_that_are_not_articles(
    client: Any, reader: Any, article: Page
) -> None:
    home = article.get_parent().get_parent()
    login(client, reader)
    response = post(client, home, "On the wrong page")
    assert response.status_code == 400
    assert "not available on this page" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_article_with_comments_switched_off_refuses_them(
    client: Any, reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_COMMENTABLE_MODELS = ("news.sectionpage",)
    login(client, reader)
    assert post(client, article, "Closed here").status_code == 400
    html = article_html(client, article)
    assert 'id="comment-form"' not in html
    assert "Comments are not available on this page." in html


def test_replies_stop_at_the_maximum_depth(
    client: Any, reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_MAX_DEPTH = 2
    login(client, reader)
    post(client, article, "Depth 0")
    for depth in (1, 2):
        parent = Comment.objects.get(text=f"Depth {depth - 1}")
        assert post(client, article, f"Depth {depth}", parent=parent).status_code == 302
    deepest = Comment.objects.get(text="Depth 2")
    response = post(client, article, "Depth 3", parent=deepest)
    assert response.status_code == 400
    assert "too deep" in response.content.decode()
    html = article_html(client, article)
    node = html[html.index(f'id="comment-{deepest.pk}"') :]
    assert "reply-link" not in node[: node.index("</article>")]


def test_replies_to_a_pending_comment_are_refused(
    client: Any, reader: Any, second_reader: Any, article: Page, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    login(client, reader)
    post(client, article, "Not yet public")
    pending = Comment.objects.get()
    login(client, second_reader)
    response = client.post(f"/comments/{pending.pk}/reply/", {"text": "Sneaky"})
    assert response.status_code == 404
    assert Comment.objects.count() == 1
