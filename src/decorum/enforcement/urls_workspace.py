"""URLs of the moderator workspace: the queues, decisions on comments, deleting an author's
account and the audit log (moderators only)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import workspace_views

app_name = "enforcement_workspace"

urlpatterns = [
    path("moderation/", workspace_views.queue, name="queue"),
    path("moderation/bulk/", workspace_views.bulk, name="bulk"),
    path("moderation/audit/", workspace_views.audit_log, name="audit"),
    path("moderation/<int:comment_id>/approve/", workspace_views.approve, name="approve"),
    path("moderation/<int:comment_id>/reject/", workspace_views.reject, name="reject"),
    path(
        "moderation/users/<str:public_id>/delete/",
        workspace_views.delete_account,
        name="delete_account",
    ),
]
