"""Values every page's chrome needs (navigation sections, site name)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    from decorum.news.selectors import navigation_sections

    return {"nav_sections": navigation_sections()}
