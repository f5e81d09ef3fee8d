"""sitemap.xml over every edition: Wagtail's own lists only the pages under the site's root,
and the other editions' home pages are that root's translations, beside it in the tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class EditionsSitemap(Sitemap):
    def items(self) -> Any:
        root = self.get_wagtail_site().root_page
        under_any_home = Q()
        for home in Page.objects.filter(translation_key=root.translation_key):
            under_any_home |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(under_any_home)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
