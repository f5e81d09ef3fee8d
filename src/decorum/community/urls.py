from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.community import views

app_name = "community"
urlpatterns: list[URLPattern | URLResolver] = [
    path("community-standards/", views.standards, name="standards"),
    path("comments/post/", views.post, name="post"),
    path("comments/<int:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<int:comment_id>/report/", views.report, name="report"),
    path("comments/<int:comment_id>/", views.permalink, name="permalink"),
    path("comments/article/<int:article_id>.json", views.comments_json, name="comments_json"),
]
