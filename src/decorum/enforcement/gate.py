"""Enforcement behind community's comment gate and accounts' hooks.

Community and accounts never import enforcement; the settings name these classes
(``DECORUM_COMMUNITY_GATE``, ``DECORUM_ACCOUNTS_HOOKS``) and each method hands the question
to the enforcement module that answers it, so the seam stays thin.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from decorum.accounts.hooks import AccountHooks, CommentingBlock
from decorum.accounts.models import AccountDeletion
from decorum.community.gate import CommentGate, RuleText
from decorum.community.models import Comment
from decorum.enforcement import actions, app_settings, audit, engine_adapter, sanctions, screening
from decorum.enforcement.models import BlockScope, Decision


class EnforcementGate(CommentGate):
    """Screening by the engine, pre-moderation, blocks and the policy's rules."""

    def initial_status(self, *, screen: bool) -> str:
        return actions.initial_status(screen=screen)

    def after_create(self, comment: Comment, *, screen: bool) -> None:
        actions.record_initial_status(comment=comment, screen=screen)

    def after_edit(self, comment: Comment, *, role: str) -> Comment:
        return actions.review_after_edit(comment=comment, role=role)

    def remove(self, comment: Comment, *, actor: Any, note: str) -> Comment:
        return actions.remove_comment(comment=comment, actor=actor, note=note)

    def check_may_comment(self, user: Any, article_id: int) -> None:
        sanctions.check_not_blocked(user, article_id)

    def community_rules(self, language: str) -> tuple[str, Sequence[RuleText]]:
        return engine_adapter.community_rules(language)

    def rules_revision(self) -> Hashable:
        return engine_adapter.policy_in_force()[0]

    def screens_comments(self) -> bool:
        return app_settings.screening()

    def await_outcome(self, comment: Comment) -> bool:
        return screening.await_decision(comment)

    def latest_decisions(self, comment_ids: Sequence[int]) -> Mapping[int, Decision]:
        latest: dict[int, Decision] = {}
        for decision in Decision.objects.filter(comment_id__in=list(comment_ids)).order_by(
            "created_at", "pk"
        ):
            latest[decision.comment_id] = decision
        return latest


class EnforcementAccountHooks(AccountHooks):
    """Account events go to the audit log; blocks and the restore link come from enforcement."""

    def commenting_blocks(self, user: Any) -> Sequence[CommentingBlock]:
        return [
            CommentingBlock(
                site_wide=block.scope == BlockScope.SITE,
                article_title=str(getattr(block.article, "title", "")),
                reason=block.reason,
                final=block.final,
            )
            for block in sanctions.active_blocks(user)
        ]

    def restore_link_after_moderator_deletion(self) -> bool:
        return engine_adapter.moderator_deletion_restore_link()

    def account_deleted(self, deletion: AccountDeletion, *, by: Any, restore_link: bool) -> None:
        audit.record(
            action="account.deleted",
            actor=by if by is not None else deletion.user,
            target=deletion,
            details={"by_moderator": by is not None, "restore_link": restore_link},
        )

    def account_restored(self, deletion: AccountDeletion) -> None:
        audit.record(action="account.restored", actor=deletion.user, target=deletion, details={})

    def account_erased(self, deletion: AccountDeletion) -> None:
        audit.forget_actor(deletion.user_id)
        audit.record(action="account.purged", target=deletion, details={})
