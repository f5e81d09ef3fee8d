"""URLs of the classifier model page (administrators only)."""

from __future__ import annotations

from django.urls import path

from decorum.enforcement import model_views

app_name = "enforcement_models"

urlpatterns = [path("moderation/models/", model_views.models_page, name="list")]
