"""URLs of appeals (users) and of the appeals queue and blocking (moderators)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import appeal_views

app_name = "enforcement_appeals"

urlpatterns = [
    path("appeals/new/", appeal_views.new_appeal, name="new"),
    path("moderation/appeals/", appeal_views.appeals_queue, name="queue"),
    path("moderation/appeals/<int:appeal_id>/", appeal_views.appeal_detail, name="detail"),
    path("moderation/users/<str:public_id>/block/", appeal_views.block, name="block"),
]
