"""App settings (``DECORUM_COMMUNITY_*``), each with its documented default."""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default: object) -> object:
    return getattr(settings, f"DECORUM_COMMUNITY_{name}", default)


def premoderation() -> bool:
    """``DECORUM_COMMUNITY_PREMODERATION`` (False): new comments start pending, not published."""
    return bool(_get("PREMODERATION", False))


def max_length() -> int:
    """``DECORUM_COMMUNITY_MAX_LENGTH`` (3000): longest comment, in characters after trimming."""
    return int(_get("MAX_LENGTH", 3000))  # type: ignore[call-overload]


def max_depth() -> int:
    """``DECORUM_COMMUNITY_MAX_DEPTH`` (6): deepest reply level (top-level comments are 0)."""
    return int(_get("MAX_DEPTH", 6))  # type: ignore[call-overload]


def rate_per_user() -> int:
    """``DECORUM_COMMUNITY_RATE_PER_USER`` (5): comments one user may post per window."""
    return int(_get("RATE_PER_USER", 5))  # type: ignore[call-overload]


def rate_per_ip() -> int:
    """``DECORUM_COMMUNITY_RATE_PER_IP`` (20): comments one IP address may post per window."""
    return int(_get("RATE_PER_IP", 20))  # type: ignore[call-overload]


def rate_window() -> int:
    """``DECORUM_COMMUNITY_RATE_WINDOW`` (60): length of the rate-limit window, in seconds."""
    return int(_get("RATE_WINDOW", 60))  # type: ignore[call-overload]


def threads_per_page() -> int:
    """``DECORUM_COMMUNITY_THREADS_PER_PAGE`` (20): top-level comments per page of a thread."""
    return int(_get("THREADS_PER_PAGE", 20))  # type: ignore[call-overload]


def commentable_models() -> tuple[str, ...]:
    """``DECORUM_COMMUNITY_COMMENTABLE_MODELS`` (``("news.articlepage",)``): page types that
    take comments, as lower-case ``app_label.model`` names."""
    value = _get("COMMENTABLE_MODELS", ("news.articlepage",))
    return tuple(str(v).lower() for v in value)  # type: ignore[attr-defined]


def gate() -> str:
    """``DECORUM_COMMUNITY_GATE`` (``"decorum.community.gate.CommentGate"``): the dotted path
    of the class community asks about a comment's status, who may comment and which rules apply
    (see ``decorum.community.gate``). The default publishes every comment and blocks nobody;
    Decorum's settings name ``decorum.enforcement.gate.EnforcementGate``."""
    return str(_get("GATE", "decorum.community.gate.CommentGate"))
