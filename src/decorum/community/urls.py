from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.community import views
from decorum.enforcement import workspace_views

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
    path("moderation/", workspace_views.queue, name="moderation"),
    path("moderation/bulk/", workspace_views.bulk, name="bulk"),
    path("moderation/audit/", workspace_views.audit_log, name="audit"),
    path("moderation/<int:comment_id>/approve/", views.approve, name="approve"),
    path("moderation/<int:comment_id>/reject/", views.reject, name="reject"),
]
