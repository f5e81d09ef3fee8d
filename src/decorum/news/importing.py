"""Import an article from a web page: the editor pastes a URL or uploads an HTML file and gets
a draft with the title, main text, date, author and lead image (``trafilatura`` finds the
article among menus, sign-up boxes and other clutter). The draft is never published here.

Fetching is careful: http(s) only, a time limit, a size limit, and no private or local
addresses unless ``DECORUM_NEWS_IMPORT_ALLOW_PRIVATE`` is set (tests serve pages on
127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.news.models import ArticlePage, SectionPage

MAX_BYTES = 3 * 1024 * 1024
TIMEOUT_SECONDS = 10


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str
    paragraphs: tuple[str, ...]
    author: str
    date: datetime | None
    image_url: str
    source_url: str


def _allow_private() -> bool:
    return bool(getattr(settings, "DECORUM_NEWS_IMPORT_ALLOW_PRIVATE", False))


def _check_url(url: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValidationFailed(_("Enter a web address starting with http:// or https://."))
    if not _allow_private():
        try:
            infos = socket.getaddrinfo(parsed.hostname, parsed.port or 80)
        except OSError as err:
            raise ValidationFailed(_("That address could not be found.")) from err
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if address.is_private or address.is_loopback or address.is_link_local:
                raise ValidationFailed(_("Pages on private or local addresses cannot be imported."))
    return url.strip()


def fetch(url: str) -> bytes:
    """Download ``url`` within the limits, or raise ``ValidationFailed`` saying what failed."""
    url = _check_url(url)
    # the scheme was checked above: only http and https reach urllib
    request = urllib.request.Request(url, headers={"User-Agent": "Decorum article import"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            data: bytes = response.read(MAX_BYTES + 1)
    except OSError as err:
        raise ValidationFailed(_("The page could not be downloaded: %(e)s") % {"e": err}) from err
    if len(data) > MAX_BYTES:
        raise ValidationFailed(_("The page is larger than 3 MB."))
    return data


def extract(html: bytes | str, source_url: str = "") -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=source_url or None, with_metadata=True, include_comments=False
    )
    text = str(getattr(doc, "text", "") or "") if doc is not None else ""
    if not text.strip():
        raise ValidationFailed(_("No article text was found on that page."), code=ErrorCode.NO_TEXT)
    title = str(getattr(doc, "title", "") or "").strip()
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    date = None
    raw_date = str(getattr(doc, "date", "") or "")
    if raw_date:
        try:
            date = timezone.make_aware(datetime.fromisoformat(raw_date[:10]))
        except ValueError:
            date = None
    return Extracted(
        title=title or (paragraphs[0][:80] if paragraphs else _("Imported article")),
        paragraphs=tuple(paragraphs),
        author=str(getattr(doc, "author", "") or "")[:255],
        date=date,
        image_url=str(getattr(doc, "image", "") or ""),
        source_url=source_url,
    )


def _image(url: str, title: str) -> Any:
    """The lead image as a Wagtail image, or None when it cannot be fetched."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    if not url:
        return None
    try:
        data = fetch(url)
    except ValidationFailed:
        return None
    import io

    name = (urlparse(url).path.rsplit("/", 1)[-1] or "lead-image")[:80]
    try:
        return get_image_model().objects.create(
            title=title[:255], file=ImageFile(io.BytesIO(data), name=name)
        )
    except (OSError, ValueError, TypeError):  # not an image after all: the draft has none
        return None


def create_draft(*, editor: Any, section: SectionPage, extracted: Extracted) -> ArticlePage:
    """A draft article under ``section``; the editor reviews and publishes it in the admin."""
    if not section.permissions_for_user(editor).can_add_subpage():
        raise ValidationFailed(
            _("You cannot add articles to this section."), code=ErrorCode.FORBIDDEN
        )
    lead = extracted.paragraphs[0] if extracted.paragraphs else ""
    body = [("paragraph", f"<p>{escape(p)}</p>") for p in extracted.paragraphs[1:]]
    article = ArticlePage(
        title=extracted.title[:255],
        lead=lead,
        body=body,
        byline=extracted.author,
        source=extracted.source_url[:255],
        published_at=extracted.date or timezone.now(),
        live=False,
        owner=editor,
    )
    image = _image(extracted.image_url, extracted.title)
    if image is not None:
        article.main_image = image
    section.add_child(instance=article)
    article.save_revision(user=editor)
    return article
