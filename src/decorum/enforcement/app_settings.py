"""App settings (``DECORUM_ENFORCEMENT_*``), each with its documented default."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings


def _get(name: str, default: object) -> object:
    return getattr(settings, f"DECORUM_ENFORCEMENT_{name}", default)


def screening() -> bool:
    """``DECORUM_ENFORCEMENT_SCREENING`` (True): the engine checks every new or edited comment.
    Off, comments follow the community setting alone (post- or pre-moderation)."""
    return bool(_get("SCREENING", True))


def state_url() -> str:
    """``DECORUM_ENFORCEMENT_STATE_URL`` (``DECORUM_REDIS_URL``): where the engine keeps recent
    activity (flooding, flash mobs). Empty: in this process's memory, fine for one process."""
    return str(_get("STATE_URL", getattr(settings, "DECORUM_REDIS_URL", "")) or "")


def wait_seconds() -> float:
    """``DECORUM_ENFORCEMENT_WAIT_SECONDS`` (1.5): how long posting waits for the engine's
    decision so the author sees the outcome on the next page; past it the page says the
    comment is being checked."""
    return float(_get("WAIT_SECONDS", 1.5))  # type: ignore[arg-type]


def nudge_per_minute() -> int:
    """``DECORUM_ENFORCEMENT_NUDGE_PER_MINUTE`` (30): draft checks one user may ask for."""
    return int(_get("NUDGE_PER_MINUTE", 30))  # type: ignore[call-overload]


def retry_after_seconds() -> float:
    """``DECORUM_ENFORCEMENT_RETRY_AFTER_SECONDS`` (60): how long a comment may wait for its
    automatic check (or a notice for its e-mail) before the reconciler sends it again; each
    further attempt waits twice as long as the one before (at most an hour, ``retry_delay``)."""
    return float(_get("RETRY_AFTER_SECONDS", 60))  # type: ignore[arg-type]


MAX_RETRY_DELAY_SECONDS = 3600


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th sending of a comment's check or of a notice's
    e-mail: ``retry_after_seconds``, doubled each time, at most an hour."""
    seconds = retry_after_seconds() * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, MAX_RETRY_DELAY_SECONDS))


def max_attempts() -> int:
    """``DECORUM_ENFORCEMENT_MAX_ATTEMPTS`` (5): how often a comment's check is sent before the
    comment is handed to a moderator with the reason ("the automatic check failed 5 times")."""
    return max(1, int(_get("MAX_ATTEMPTS", 5)))  # type: ignore[call-overload]


def reconcile_seconds() -> float:
    """``DECORUM_ENFORCEMENT_RECONCILE_SECONDS`` (30): how often ``decorum serve`` runs the
    screening reconciler (production: Celery beat, ``DECORUM_RECONCILE_SECONDS``, 60)."""
    return float(_get("RECONCILE_SECONDS", 30))  # type: ignore[arg-type]


def models_root() -> Path:
    """``DECORUM_ENFORCEMENT_MODELS_DIR`` (``<data dir>/models``): where ``decorum train
    --extra`` writes retrained classifier models, the ones an administrator may put in force."""
    value = _get("MODELS_DIR", None) or Path(settings.DATA_DIR) / "models"
    return Path(str(value)).expanduser()
