"""Admin additions for editors: the "Import an article" page and its menu item."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from decorum.news import import_views, tag_views


@hooks.register("register_admin_urls")
def register_import_url() -> list[URLPattern]:
    return [
        path("news/import/", import_views.import_article, name="news_import"),
        path("news/tags/<int:page_id>/", tag_views.review_tags, name="news_review_tags"),
    ]


def _suggest_after_save(request: HttpRequest, page: Any) -> None:
    """After an editor saves an article, offer the names found in it as tags.

    Autosave (a background request that wants JSON) gets no message: it would pile up in the
    session and show once per autosave when the editor next opens a page.
    """
    from decorum.news.entities import suggest_tags
    from decorum.news.models import ArticlePage

    if not request.accepts("text/html") or not isinstance(page.specific, ArticlePage):
        return
    names = suggest_tags(page.specific.get_latest_revision_as_object(), limit=6)
    if names:
        messages.info(
            request,
            format_html(
                '{} {} <a href="{}" class="review-tags-link">{}</a>',
                _("Suggested tags:"),
                ", ".join(names),
                reverse("news_review_tags", args=[page.pk]),
                _("Review and add them"),
            ),
        )


hooks.register("after_create_page", _suggest_after_save)
hooks.register("after_edit_page", _suggest_after_save)


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return MenuItem(_("Import an article"), reverse("news_import"), icon_name="download", order=210)
