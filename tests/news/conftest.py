from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """View counters and the navigation live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()
