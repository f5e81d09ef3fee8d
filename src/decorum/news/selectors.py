"""Reads for the news site; visibility (live, public) is applied in the query."""

from __future__ import annotations

from typing import Any


def navigation_sections() -> list[Any]:
    return []
