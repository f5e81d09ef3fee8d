from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _forget_navigation(**kwargs: Any) -> None:
    # Cache invalidation only: no business logic lives in these receivers.
    from decorum.news.actions import forget_navigation

    forget_navigation()


class NewsConfig(AppConfig):
    name = "decorum.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        page_published.connect(_forget_navigation, dispatch_uid="news-nav-published")
        page_unpublished.connect(_forget_navigation, dispatch_uid="news-nav-unpublished")
        post_page_move.connect(_forget_navigation, dispatch_uid="news-nav-moved")
