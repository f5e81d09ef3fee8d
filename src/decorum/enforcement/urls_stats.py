"""URLs of the moderation statistics (moderators and administrators) and of the DSA
transparency report (administrators only)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import stats_views, transparency_views

app_name = "enforcement_stats"

urlpatterns = [
    path("moderation/stats/", stats_views.stats, name="stats"),
    path(
        "moderation/transparency/",
        transparency_views.transparency_report,
        name="transparency",
    ),
]
