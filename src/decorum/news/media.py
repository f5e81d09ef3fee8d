"""Video URLs: which hosts we embed, and the embed address for them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

MEDIA_BLOCKS = frozenset({"gallery", "video"})
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")


def embed_url(url: str) -> str:
    """The iframe address for a YouTube or Vimeo video, or "" (then the page shows a link)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return ""
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = ""
    if host == "youtube.com":
        video = parse_qs(parsed.query).get("v", [""])[0]
    elif host == "youtu.be":
        video = parsed.path.strip("/")
    if video and _YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    if host == "vimeo.com":
        vimeo = parsed.path.strip("/").split("/")[0]
        if _VIMEO_ID.match(vimeo):
            return f"https://player.vimeo.com/video/{vimeo}"
    return ""
