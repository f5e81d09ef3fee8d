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
    assert time.perf_counter() - started < 0.5
