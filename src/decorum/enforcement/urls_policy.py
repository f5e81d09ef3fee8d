"""URLs of the policy editor (administrators only)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import policy_views

app_name = "enforcement_policy"

urlpatterns = [path("moderation/policy/", policy_views.policy_edit, name="edit")]
