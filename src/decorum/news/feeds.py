"""RSS and Atom feeds of live articles: the whole site, one section, one tag."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from decorum.news import selectors
from decorum.news.models import ArticlePage, SectionPage

FEED_ITEMS = 30


class LatestFeed(Feed):  # type: ignore[type-arg]
    description_template = None

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return None

    def title(self, obj: Any) -> str:
        return _("Decorum: latest news")

    def link(self, obj: Any) -> str:
        return reverse("wagtail_serve", args=[""])  # the edition's home

    def description(self, obj: Any) -> str:
        return _("The latest articles from every section.")

    def items(self, obj: Any) -> list[ArticlePage]:
        return list(selectors.live_articles().order_by("-published_at")[:FEED_ITEMS])

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lead

    def item_link(self, item: ArticlePage) -> str:
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item: ArticlePage) -> datetime:
        return item.published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return item.byline

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class SectionFeed(LatestFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        section = (
            SectionPage.objects.live()  # type: ignore[attr-defined]
            .filter(slug=kwargs["slug"], locale=Locale.get_active())
            .first()
        )
        if section is None:
            raise Http404(_("There is no such section."))
        return section

    def title(self, obj: Page) -> str:
        return _("Decorum: %(section)s") % {"section": obj.title}

    def link(self, obj: Page) -> str:
        return obj.url or "/"

    def items(self, obj: Page) -> list[ArticlePage]:
        return list(selectors.section_articles(section=obj).order_by("-published_at")[:FEED_ITEMS])


class TagFeed(LatestFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return kwargs["slug"]

    def title(self, obj: str) -> str:
        return _("Decorum: articles tagged %(tag)s") % {"tag": obj}

    def link(self, obj: str) -> str:
        return reverse("news:tag", args=[obj])

    def items(self, obj: str) -> list[ArticlePage]:
        return list(selectors.tag_articles(slug=obj).order_by("-published_at")[:FEED_ITEMS])


class LatestAtom(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description


class SectionAtom(SectionFeed):
    feed_type = Atom1Feed
    subtitle = SectionFeed.description


class TagAtom(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description
