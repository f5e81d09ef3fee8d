"""The hooks: what accounts tells, and asks, whoever moderates the site.

Accounts never imports the moderation app. It calls the class named by
``DECORUM_ACCOUNTS_HOOKS`` (the django-allauth adapter habit): after an account is deleted,
restored or erased (Decorum's hooks write the audit log, in the same transaction), and to learn
the user's blocks from commenting (told at login) and whether a moderator's deletion sends a
restore link (the policy decides). Decorum's settings name
``decorum.enforcement.gate.EnforcementAccountHooks``; this base class is the default: nothing
recorded, nobody blocked, a restore link always sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from decorum.accounts import app_settings
from decorum.accounts.models import AccountDeletion
from decorum.core.loading import class_from_setting


@dataclass(frozen=True, slots=True)
class CommentingBlock:
    """A block from commenting in force, as the user is told about it when logging in."""

    site_wide: bool
    article_title: str  # the article the block is limited to ("" when site-wide)
    reason: str
    final: bool


class AccountHooks:
    """Override what your moderation needs; every default does nothing."""

    def commenting_blocks(self, user: Any) -> Sequence[CommentingBlock]:
        """The blocks from commenting in force on ``user`` now."""
        return ()

    def restore_link_after_moderator_deletion(self) -> bool:
        """Whether an account a moderator deleted is mailed a link to restore it."""
        return True

    def account_deleted(self, deletion: AccountDeletion, *, by: Any, restore_link: bool) -> None:
        """After ``deletion.user`` was deactivated, by its owner (``by`` is None) or a
        moderator. Precondition: inside the deleting transaction."""

    def account_restored(self, deletion: AccountDeletion) -> None:
        """After the owner restored the account with the link. Precondition: inside the
        restoring transaction."""

    def account_erased(self, deletion: AccountDeletion) -> None:
        """After the account's personal data was erased (its user row is a tombstone now).
        Precondition: inside the erasing transaction."""


def get_hooks() -> AccountHooks:
    """An instance of the class ``DECORUM_ACCOUNTS_HOOKS`` names (the class is imported once
    per path; ``checks.py`` reports a bad path at start-up)."""
    hooks_class = class_from_setting("DECORUM_ACCOUNTS_HOOKS", app_settings.hooks(), AccountHooks)
    return hooks_class()
