from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.community import views

app_name = "community"
urlpatterns: list[URLPattern | URLResolver] = [
    path("community-standards/", views.standards, name="standards"),
]
