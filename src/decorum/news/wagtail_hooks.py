"""Admin additions for editors: the "Import an article" page and its menu item."""

from __future__ import annotations

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from decorum.news import import_views


@hooks.register("register_admin_urls")
def register_import_url() -> list[URLPattern]:
    return [path("news/import/", import_views.import_article, name="news_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return MenuItem(_("Import an article"), reverse("news_import"), icon_name="download", order=210)
