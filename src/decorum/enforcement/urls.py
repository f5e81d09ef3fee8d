"""Every URL of enforcement, in one module.

The pages keep the namespaces they were reversed by before they were gathered here (templates,
tests and other apps name ``enforcement_workspace:queue`` and the like), so each topic is one
namespaced list and ``urlpatterns`` includes them all; ``decorum.urls`` includes this module
once.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from decorum.enforcement.views import (
    appeals,
    health,
    model_versions,
    nudge,
    policy,
    stats,
    transparency,
    workspace,
)

# The moderator workspace: queues, decisions on comments, deleting an author's account and
# the audit log (moderators only).
workspace_patterns = [
    path("moderation/", workspace.queue, name="queue"),
    path("moderation/bulk/", workspace.bulk, name="bulk"),
    path("moderation/audit/", workspace.audit_log, name="audit"),
    path("moderation/<int:comment_id>/approve/", workspace.approve, name="approve"),
    path("moderation/<int:comment_id>/reject/", workspace.reject, name="reject"),
    path(
        "moderation/users/<str:public_id>/delete/",
        workspace.delete_account,
        name="delete_account",
    ),
]

# The policy editor (administrators only).
policy_patterns = [path("moderation/policy/", policy.policy_edit, name="edit")]

# The classifier model page (administrators only).
model_patterns = [path("moderation/models/", model_versions.models_page, name="list")]

# The engine's checks readers touch (the pre-post nudge, a comment's status) and the
# moderators' health page.
screening_patterns = [
    path("comments/check-draft/", nudge.check_draft, name="check_draft"),
    path("comments/<int:comment_id>/status/", nudge.comment_status, name="comment_status"),
    path("moderation/health/", health.health, name="health"),
]

# Appeals (users), the appeals queue and blocking (moderators).
appeal_patterns = [
    path("appeals/new/", appeals.new_appeal, name="new"),
    path("moderation/appeals/", appeals.appeals_queue, name="queue"),
    path("moderation/appeals/<int:appeal_id>/", appeals.appeal_detail, name="detail"),
    path("moderation/users/<str:public_id>/block/", appeals.block, name="block"),
]

# The moderation statistics (moderators and administrators) and the DSA transparency report
# (administrators only).
stats_patterns = [
    path("moderation/stats/", stats.stats, name="stats"),
    path("moderation/transparency/", transparency.transparency_report, name="transparency"),
]

# In the order decorum.urls included the separate modules, so the same path wins.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((workspace_patterns, "enforcement_workspace"))),
    path("", include((policy_patterns, "enforcement_policy"))),
    path("", include((model_patterns, "enforcement_models"))),
    path("", include((screening_patterns, "enforcement_screening"))),
    path("", include((appeal_patterns, "enforcement_appeals"))),
    path("", include((stats_patterns, "enforcement_stats"))),
]
