"""URL of the moderation statistics (moderators and administrators only)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import stats_views

app_name = "enforcement_stats"

urlpatterns = [
    path("moderation/stats/", stats_views.stats, name="stats"),
]
