"""Values every page's chrome needs (navigation sections, site name).

In news, not core: the navigation is news's sections, and core imports no app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from decorum.news.selectors import navigation_sections


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    return {"nav_sections": navigation_sections()}
