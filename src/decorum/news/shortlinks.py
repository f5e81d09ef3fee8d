"""Short links: every published article gets ``/s/<code>`` once, and keeps it for good.

Codes are random (not a counter, so they reveal nothing and cannot be walked), 7 characters
from an alphabet without look-alikes; a collision is retried, and the unique constraint makes
the database the final judge. Clicks are counted with an atomic update.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from decorum.news.models import ArticlePage, ShortLink

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 7


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def short_link_for(article: ArticlePage) -> ShortLink | None:
    """The article's short link, created on first need; drafts get none."""
    if not article.live:
        return None
    existing = ShortLink.objects.filter(article_id=article.pk).first()
    if existing is not None:
        return existing
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return ShortLink.objects.create(article_id=article.pk, code=new_code())
        except IntegrityError:
            again = ShortLink.objects.filter(article_id=article.pk).first()
            if again is not None:  # another request created it meanwhile
                return again
    raise RuntimeError("Could not find a free short-link code after 10 attempts.")


def follow(code: str) -> ShortLink | None:
    """Count a click and return the link (None for an unknown code)."""
    link = ShortLink.objects.select_related("article").filter(code=code).first()
    if link is None or not link.article.live:
        return None
    ShortLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
    return link
