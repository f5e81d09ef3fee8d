"""URLs of the engine's checks: those readers touch (the pre-post nudge, a comment's status)
and the moderators' health page."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import health_views, nudge_views

app_name = "enforcement_screening"

urlpatterns = [
    path("comments/check-draft/", nudge_views.check_draft, name="check_draft"),
    path("comments/<int:comment_id>/status/", nudge_views.comment_status, name="comment_status"),
    path("moderation/health/", health_views.health, name="health"),
]
