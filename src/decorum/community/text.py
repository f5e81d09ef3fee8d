"""Render plain comment text as safe HTML: everything escaped, URLs linked, newlines kept."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bounded: one scheme or "www." then at most 2,000 non-space characters; linear on any input.
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'`\x00-\x1f\x7f]{1,2000}""", re.IGNORECASE)
TRAILING = ".,;:!?'\")]}"
LINK_REL = "nofollow ugc noopener"
# Combining marks kept on one base character. Real writing stacks at most two or three
# (Vietnamese tone over a vowel mark, Devanagari virama and vowel sign, an emoji's variation
# selector and keycap); "zalgo" text stacks hundreds, which draw over the lines above and below.
MAX_MARKS_PER_CHARACTER = 3


def cap_combining_marks(text: str, limit: int = MAX_MARKS_PER_CHARACTER) -> str:
    """``text`` keeping at most ``limit`` combining marks after each base character."""
    out: list[str] = []
    run = 0
    for char in text:
        if unicodedata.category(char).startswith("M"):
            run += 1
            if run > limit:
                continue
        else:
            run = 0
        out.append(char)
    return "".join(out) if len(out) != len(text) else text


def _split_trailing(url: str) -> tuple[str, str]:
    """Leave sentence punctuation after a URL out of the link (keep balanced brackets)."""
    end = len(url)
    while end and url[end - 1] in TRAILING:
        char = url[end - 1]
        if char == ")" and url[:end].count("(") >= url[:end].count(")"):
            break
        end -= 1
    return url[:end], url[end:]


def _text_html(text: str) -> str:
    return escape(text).replace("\n", "<br>\n")


def render_comment_text(text: str) -> SafeString:
    """Return ``text`` as HTML: escaped first, then http(s) URLs wrapped in links.

    Combining marks are capped here too, for comments stored before they were capped on save.
    """
    text = cap_combining_marks(text)
    out: list[str] = []
    position = 0
    for match in URL_RE.finditer(text):
        url, trailing = _split_trailing(match.group(0))
        if len(url) <= len("https://") or url.lower() in ("www.",):
            continue
        out.append(_text_html(text[position : match.start()]))
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        out.append(f'<a href="{escape(href)}" rel="{LINK_REL}" target="_blank">{escape(url)}</a>')
        out.append(_text_html(trailing))
        position = match.end()
    out.append(_text_html(text[position:]))
    return mark_safe("".join(out))
