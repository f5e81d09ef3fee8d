"""Fixed-window counters in the cache: the one way Decorum limits what a bot would hammer.

A shared cache (Redis in production) makes the limit hold across processes; the embedded
default's in-process cache limits per process, which is what one process serves anyway.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def over_limit(scope: str, who: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit for ``who`` in ``scope``; True once more than ``limit`` hits fall in the
    current ``window`` seconds."""
    bucket = int(time.time()) // window
    key = f"ratelimit:{scope}:{who}:{bucket}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count > limit
