from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _forget_navigation(**kwargs: Any) -> None:
    # Cache invalidation only: no business logic lives in these receivers.
    from decorum.news.actions import forget_navigation

    forget_navigation()


def _forget_pages(**kwargs: Any) -> None:
    # Cache invalidation only: a publication can change any page's related list or links.
    from decorum.news.page_cache import forget_all_pages

    forget_all_pages()


def _forget_comment_page(instance: Any = None, **kwargs: Any) -> None:
    # Cache invalidation only (at once and after commit): a comment's status or text changed, so the
    # anonymous readers' copy of its article page is stale.
    from decorum.news.page_cache import forget_article_page

    if instance is None or instance.article_id is None:
        return
    if kwargs.get("created") and instance.status != "published":
        return  # a new comment readers cannot see yet (awaiting its check) changes no page
    forget_article_page(instance.article_id)


def _forget_pages_of_author(instance: Any = None, update_fields: Any = None, **kwargs: Any) -> None:
    # Cache invalidation only: hiding or showing an account's comments (deletion, restore)
    # or renaming it changes pages across the site.
    from decorum.news.page_cache import forget_all_pages

    if kwargs.get("created"):
        return
    if update_fields is None or {"comments_hidden", "display_name"} & set(update_fields):
        forget_all_pages()


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
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(_forget_pages, dispatch_uid=f"news-pages-{id(signal)}")
        for signal in (post_save, post_delete):  # a page made private or public again
            signal.connect(
                _forget_pages,
                sender="wagtailcore.PageViewRestriction",
                dispatch_uid=f"news-restriction-{id(signal)}",
            )
        comment_model = "community.Comment"
        post_save.connect(_forget_comment_page, sender=comment_model, dispatch_uid="news-c-save")
        post_delete.connect(_forget_comment_page, sender=comment_model, dispatch_uid="news-c-del")
        post_save.connect(
            _forget_pages_of_author, sender=settings.AUTH_USER_MODEL, dispatch_uid="news-author"
        )
        page_published.connect(_forget_navigation, dispatch_uid="news-nav-published")
        page_published.connect(_embed_published, dispatch_uid="news-embed-published")
        page_unpublished.connect(_forget_navigation, dispatch_uid="news-nav-unpublished")
        post_page_move.connect(_forget_navigation, dispatch_uid="news-nav-moved")
