from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _forget_navigation(**kwargs: Any) -> None:
    # Cache invalidation only: no business logic lives in these receivers.
    from decorum.news.actions import forget_navigation

    forget_navigation()


def _embed_published(instance: Any = None, **kwargs: Any) -> None:
    # Scheduling only: the job itself lives in news.similarity.
    from decorum.core.jobs import enqueue_on_commit
    from decorum.news import app_settings
    from decorum.news.models import ArticlePage
    from decorum.news.similarity import compute_embedding

    if isinstance(instance, ArticlePage) and app_settings.embed_on_publish():
        enqueue_on_commit(compute_embedding, instance.pk)


class NewsConfig(AppConfig):
    name = "decorum.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        page_published.connect(_forget_navigation, dispatch_uid="news-nav-published")
        page_published.connect(_embed_published, dispatch_uid="news-embed-published")
        page_unpublished.connect(_forget_navigation, dispatch_uid="news-nav-unpublished")
        post_page_move.connect(_forget_navigation, dispatch_uid="news-nav-moved")
