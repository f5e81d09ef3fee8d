from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("profile/", views.profile, name="profile"),
    path("profile/delete/", views.delete_account, name="delete"),
    path("account-deleted/", views.deleted, name="deleted"),
    path("restore-account/<str:token>/", views.restore, name="restore"),
]
