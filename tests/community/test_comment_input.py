"""Invalid input gets a clear error next to the form and the typed text stays in it."""

from __future__ import annotations

import html as html_lib
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from wagtail.models import Page

from decorum.community.models import Comment
from tests.community.conftest import post
from tests.conftest import login

pytestmark = pytest.mark.django_db


def error_and_textarea(response: Any) -> tuple[str, str]:
    body = response.content.decode()
    start = body.index('id="comment-error"')
    error = body[body.index(">", start) + 1 : body.index("</p>", start)]
    textarea = body.index('<textarea id="comment-text"')
    text = body[body.index(">", textarea) + 1 : body.index("</textarea>", textarea)]
    return html_lib.unescape(error), html_lib.unescape(text)


def test_an_empty_comment_is_refused_with_a_clear_error(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "   \n\t ")
    assert response.status_code == 400
    error, _text = error_and_textarea(response)
    assert error == "Write something before posting your comment."
    assert not Comment.objects.exists()


def test_an_oversized_comment_is_refused_and_its_text_kept(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    long_text = "word " * 700  # 3,500 characters
    response = post(client, article, long_text)
    assert response.status_code == 400
    error, text = error_and_textarea(response)
    assert "3499 characters long; the limit is 3000 characters" in error
    assert text == long_text
    assert not Comment.objects.exists()
    # Posting reads only part of the article; the page shown again is all of it.
    assert html_lib.escape(article.lead) in response.content.decode()


def test_exactly_three_thousand_characters_is_accepted(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "a" * 3000)
    assert response.status_code == 302
    assert len(Comment.objects.get().text) == 3000


def test_a_null_character_is_refused_and_the_text_kept(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "Before\x00after")
    assert response.status_code == 400
    error, text = error_and_textarea(response)
    assert "null character" in error
    assert "Before" in text and "after" in text
    assert not Comment.objects.exists()


def test_other_control_characters_are_refused_but_newlines_and_tabs_pass(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    response = post(client, article, "Bell\x07here")
    assert response.status_code == 400
    error, _text = error_and_textarea(response)
    assert "control character (code U+0007)" in error
    response = post(client, article, "Line one\r\n\tLine two")
    assert response.status_code == 302
    assert Comment.objects.get().text == "Line one\n\tLine two"


def test_invalid_utf8_bytes_are_refused_with_an_encoding_error(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    body = b"article=" + str(article.pk).encode() + b"&text=caf%C3%A9+%FF%FE+ok"
    response = client.post(
        "/comments/post/", body, content_type="application/x-www-form-urlencoded"
    )
    # Refused before the view runs, like every form body that is not UTF-8
    # (tests/core/test_unreadable_input.py): no page a browser sends looks like this.
    assert response.status_code == 400
    assert "not valid UTF-8 text" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_error_reopens_the_reply_form_with_the_text(
    client: Any, reader: Any, second_reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Parent")
    parent = Comment.objects.get()
    login(client, second_reader)
    response = client.post(f"/comments/{parent.pk}/reply/", {"text": "x" * 3001})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'name="parent" value="{parent.pk}"' in body
    _error, text = error_and_textarea(response)
    assert text == "x" * 3001


def test_an_invalid_edit_keeps_the_new_text_in_the_form(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    post(client, article, "Original")
    comment = Comment.objects.get()
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Nul\x00byte"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "null character" in body
    assert "Nul\x00byte" in body  # the text as typed stays in the textarea
    comment.refresh_from_db()
    assert comment.text == "Original"


@pytest.fixture
def window_start() -> Any:
    """Start the test just after a rate-limit window opens, so it cannot roll over midway."""
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, 1, tzinfo=UTC), tick=True):
        yield


def test_posting_is_rate_limited_per_user_with_a_clear_message(
    client: Any, reader: Any, article: Page, settings: Any, window_start: None
) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 3
    login(client, reader)
    for number in range(3):
        assert post(client, article, f"Comment {number}").status_code == 302
    response = post(client, article, "One too many")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    error, text = error_and_textarea(response)
    assert "You are posting too quickly" in error
    assert text == "One too many"
    assert Comment.objects.count() == 3


def test_posting_is_rate_limited_per_ip_across_users(
    client: Any, reader: Any, second_reader: Any, article: Page, settings: Any, window_start: None
) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_IP = 2
    login(client, reader)
    assert post(client, article, "One").status_code == 302
    assert post(client, article, "Two").status_code == 302
    login(client, second_reader)
    response = post(client, article, "Three from the same address")
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_script_tags_are_shown_escaped_and_links_get_safe_rel_attributes(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    text = (
        '<script>alert("x")</script> <b>bold</b> see https://example.org/a?b=1&c=2. '
        'and javascript:alert(1) "onmouseover=x"\nnext line'
    )
    assert post(client, article, text).status_code == 302
    body = client.get(article.url).content.decode()
    section = body[body.index('class="comment-text"') :]
    section = section[: section.index("</div>")]
    assert "<script>" not in section
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in section
    assert "&lt;b&gt;bold&lt;/b&gt;" in section
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" '
        'target="_blank">https://example.org/a?b=1&amp;c=2</a>.'
    ) in section
    assert "javascript:alert(1)" in section and 'href="javascript' not in section
    assert "<br>" in section


def test_zalgo_is_saved_with_a_few_marks_per_letter_and_renders_inside_its_line(
    client: Any, reader: Any, article: Page
) -> None:
    login(client, reader)
    zalgo = "".join(letter + "\u0310\u0352\u0489\u0336\u035b" * 40 for letter in "Hello")
    response = post(client, article, zalgo + " there")
    assert response.status_code == 302
    stored = Comment.objects.get().text
    assert stored == "".join(letter + "\u0310\u0352\u0489" for letter in "Hello") + " there"
    # A comment stored before the cap existed is capped when the page is drawn.
    Comment.objects.update(text=zalgo)
    page = client.get(article.url).content.decode()
    assert "H\u0310\u0352\u0489e" in page and "\u0336" not in page
