from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.news import views

app_name = "news"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
]
