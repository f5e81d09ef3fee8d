"""Plain comment text to HTML: escaping, linking and line breaks."""

from __future__ import annotations

import time

import pytest

from decorum.community.text import render_comment_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("<i>x</i>", "&lt;i&gt;x&lt;/i&gt;"),
        ("a\nb", "a<br>\nb"),
        (
            "(see http://example.org/x)",
            '(see <a href="http://example.org/x" rel="nofollow ugc noopener" target="_blank">'
            "http://example.org/x</a>)",
        ),
        (
            "www.example.org!",
            '<a href="https://www.example.org" rel="nofollow ugc noopener" target="_blank">'
            "www.example.org</a>!",
        ),
        (
            'https://example.org/"><script>',
            '<a href="https://example.org/" rel="nofollow ugc noopener" target="_blank">'
            "https://example.org/</a>&quot;&gt;&lt;script&gt;",
        ),
        ("ftp://example.org", "ftp://example.org"),
        ("https://", "https://"),
    ],
)
def test_it_escapes_text_and_links_urls(text: str, expected: str) -> None:
    assert render_comment_text(text) == expected


def test_it_renders_a_hostile_long_input_quickly() -> None:
    text = "http://" + "a" * 3000 + " " + "www." * 700
    started = time.perf_counter()
    render_comment_text(text)
    assert time.perf_counter() - started < 5.0  # a guard against regex backtracking


def test_rendering_caps_combining_marks_so_zalgo_cannot_draw_over_the_page() -> None:
    zalgo = "H" + "\u0336\u0489\u035b\u0300" * 50 + "i"
    html = str(render_comment_text(zalgo))
    assert html == "H\u0336\u0489\u035bi"


@pytest.mark.parametrize(
    "text",
    [
        "Vi\u1ec7t Nam, Vie\u0323\u0302t Nam",  # composed, and decomposed: two marks on one e
        "\u0915\u094d\u0937\u093f",  # Devanagari: virama and vowel sign
        "1\ufe0f\u20e3 \u2764\ufe0f",  # keycap and heart emoji
    ],
)
def test_real_writing_keeps_its_marks(text: str) -> None:
    assert str(render_comment_text(text)) == text
