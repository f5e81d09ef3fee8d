"""Filters for listing pages: short texts cut between words, and publication times that say
the day when it is not today."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

register = template.Library()


@register.filter
def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis
    (``truncatechars`` cuts inside words; ``truncatewords`` ignores how long the words are)."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


@register.filter
def published_when(value: datetime | None) -> str:
    """The time alone for today's items; the day too for older ones, and the year when it
    is not this year's (a live list can span several days)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return str(date_filter(local, "H:i"))
    if local.year == today.year:
        return str(date_filter(local, "j M, H:i"))
    return str(date_filter(local, "j M Y, H:i"))
