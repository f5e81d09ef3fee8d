"""The gate: what community asks whoever moderates its comments.

Community never imports the moderation app. It asks the gate named by
``DECORUM_COMMUNITY_GATE`` (the django-allauth adapter habit): which status a new comment
starts in, what happens after it is saved or edited, whether someone may comment here, which
rules the community standards hold, and what the author may see of a decision. Decorum's
settings name ``decorum.enforcement.gate.EnforcementGate``; this base class is the permissive
default (publish everything, block nobody, no rules), so community also runs on its own.

A comment's status changes only through the gate.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Protocol

from django.utils import timezone

from decorum.community import app_settings
from decorum.community.models import Comment, CommentStatus
from decorum.core.loading import class_from_setting


class RuleText(Protocol):
    """One rule of the community standards as the gate hands it over."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def text(self) -> str: ...


class CommentGate:
    """Override what your moderation needs; every default lets the comment through."""

    def initial_status(self, *, screen: bool) -> str:
        """The status a new comment is saved with. ``screen=False`` comes from trusted callers
        (demo content, imports) that skip automatic checks."""
        return str(CommentStatus.PUBLISHED)

    def after_create(self, comment: Comment, *, screen: bool) -> None:
        """Called once the new comment is saved, inside the posting transaction (record the
        decision, schedule checks for after commit)."""

    def after_edit(self, comment: Comment, *, role: str) -> Comment:
        """Called after ``comment``'s text changed (``role`` is ``"author"`` or
        ``"moderator"``); returns the comment with its status now. Precondition: the caller
        holds a transaction and a lock on the comment."""
        return comment

    def remove(self, comment: Comment, *, actor: Any, note: str) -> Comment:
        """Take the comment down (its author deleted it, or a moderator did); the text stays
        stored. Precondition: the caller checked access and holds a transaction and a lock."""
        comment.status = CommentStatus.REMOVED
        comment.updated_at = timezone.now()
        comment.save(update_fields=["status", "updated_at"])
        return comment

    def check_may_comment(self, user: Any, article_id: int) -> None:
        """Raise ``decorum.core.errors.PermissionDenied`` (code ``blocked``, with a message
        for the user) when ``user`` may not post or edit comments under ``article_id``."""

    def community_rules(self, language: str) -> tuple[str, Sequence[RuleText]]:
        """``(version, rules)`` of the community standards in ``language``: what the
        standards page shows, readers accept at sign-up and cite in reports."""
        return "", ()

    def rules_revision(self) -> Hashable:
        """Changes whenever ``community_rules`` may answer differently (the standards are
        cached per revision and language)."""
        return 0

    def screens_comments(self) -> bool:
        """Whether comments are checked automatically after posting (the page then says a
        pending comment is being checked, and asks for the outcome)."""
        return False

    def await_outcome(self, comment: Comment) -> bool:
        """Give an automatic check a moment after posting, so the next page can show its
        outcome; True once it has decided (the comment's status may have changed)."""
        return False

    def latest_decisions(self, comment_ids: Sequence[int]) -> Mapping[int, Any]:
        """The latest decision on each of these comments that has one, for their author's
        eyes (``community/decision_notice.html`` shows it). One query for all of them."""
        return {}


def get_gate() -> CommentGate:
    """An instance of the class ``DECORUM_COMMUNITY_GATE`` names (the class is imported once
    per path; ``checks.py`` reports a bad path at start-up)."""
    gate_class = class_from_setting("DECORUM_COMMUNITY_GATE", app_settings.gate(), CommentGate)
    return gate_class()
