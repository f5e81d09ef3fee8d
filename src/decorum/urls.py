"""URL map: site apps first, Wagtail's page tree last (it catches everything else)."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from decorum.core import views as core_views
from decorum.news.sitemaps import EditionsSitemap

urlpatterns: list[URLPattern | URLResolver] = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": EditionsSitemap}}, name="sitemap"),
    path("captcha/", include("captcha.urls")),
    path("favicon.ico", core_views.favicon, name="favicon"),
]

# Everything a reader sees exists once per edition: /ru/search/, /ru/accounts/login/ ...
# The default language (English) keeps unprefixed addresses.
edition_patterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("allauth.urls")),
    path("", include("decorum.accounts.urls")),
    path("", include("decorum.community.urls")),
    path("", include("decorum.enforcement.urls")),
    path("", include("decorum.news.urls")),
]

if settings.DEBUG or getattr(settings, "DECORUM_SERVE_MEDIA", False):
    # The embedded default serves uploads itself; django.views.static.serve refuses paths
    # outside MEDIA_ROOT and never lists directories.
    from django.urls import re_path
    from django.views.static import serve as serve_media

    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT, "show_indexes": False},
        )
    )

edition_patterns.append(path("", include(wagtail_urls)))
urlpatterns += i18n_patterns(*edition_patterns, prefix_default_language=False)
