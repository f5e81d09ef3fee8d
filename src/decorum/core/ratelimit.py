"""Sliding-window counters in the cache: the one way Decorum limits what a bot would hammer.

Each hit is counted with the cache's atomic ``incr`` *before* the work it allows, so twenty
simultaneous requests against a limit of five get exactly five slots (checking first and
counting after the work let all twenty through). The window slides: the count of the current
fixed bucket plus the previous bucket's count weighted by how much of it still lies inside the
last ``window`` seconds, so a burst at the end of one bucket and another at the start of the
next no longer add up to twice the limit. A refused hit gives its slot back, so someone who
keeps trying is not shut out longer than the window.

A shared cache (Redis in production) makes the limit hold across processes; the embedded
default's in-process cache limits per process, which is what one process serves anyway.

When Redis cannot be reached (``core.cache.ResilientRedisCache``), limits fail *open*: every
hit is allowed and a warning is logged (at most once a minute). Failing closed would turn a
cache outage into an outage of posting, appeals and nudges for everyone; failing open keeps
reading and posting working while every comment is still screened by the engine (and queued
for a moderator when it cannot decide), so what a bot gains in the outage is volume, not
publication past moderation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

from decorum.core.cache import CacheUnavailable, RateLimitedWarning

logger = logging.getLogger(__name__)
_open_warning = RateLimitedWarning(logger)


@dataclass(frozen=True, slots=True)
class Slot:
    """One counted hit, which ``release`` gives back (when the work it allowed failed)."""

    key: str


def _key(scope: str, who: str, bucket: int) -> str:
    return f"ratelimit:{scope}:{who}:{bucket}"


def _increment(key: str, timeout: int) -> int:
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return int(cache.incr(key))
        except CacheUnavailable:
            raise
        except ValueError:  # expired (or evicted) between add and incr: add it again
            continue
    cache.set(key, 1, timeout=timeout)
    return 1


def release(slot: Slot) -> None:
    """Give a slot back; harmless when its bucket has already expired."""
    try:
        cache.decr(slot.key)
    except ValueError:
        pass


def take(scope: str, who: str, *, limit: int, window: int = 60) -> Slot | None:
    """Count one hit for ``who`` in ``scope``; None (and nothing counted) when that would make
    more than ``limit`` hits in the last ``window`` seconds."""
    now = time.time()
    bucket = int(now // window)
    key = _key(scope, who, bucket)
    try:
        count = _increment(key, timeout=window * 2)
    except CacheUnavailable as err:
        _open_warning.warn("Rate limits are open: the cache cannot be reached (%s)", err)
        return Slot(key)
    previous = int(cache.get(_key(scope, who, bucket - 1)) or 0)
    still_inside = 1.0 - (now - bucket * window) / window
    if count + previous * still_inside > limit:
        release(Slot(key))
        return None
    return Slot(key)


def over_limit(scope: str, who: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit for ``who`` in ``scope``; True (the hit not counted) once it would be
    more than ``limit`` in the last ``window`` seconds."""
    return take(scope, who, limit=limit, window=window) is None
