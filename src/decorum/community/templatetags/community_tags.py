"""Template tags the news pages use to embed the comment section (placeholder)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context: dict[str, Any], article: Any) -> str:
    return ""
