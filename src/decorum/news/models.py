"""News pages: the home page, sections, articles, the "All news" feed, tags and view counts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from decorum.news.blocks import ArticleBodyBlock


class HomePage(Page):
    """An edition's front page: latest news and the most read articles.

    The default edition's home is the Site's root page; the other editions' homes are its
    translations (same translation key), which Wagtail serves under ``/<language>/``.
    """

    intro = models.CharField(max_length=255, blank=True, verbose_name=_("intro"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.AllNewsPage", "news.MultimediaPage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from decorum.news import selectors

        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        context["latest"] = selectors.latest_articles(limit=10, locale=locale)
        context["most_read"] = selectors.most_read_articles(limit=5, locale=locale)
        context["most_read_24h"] = selectors.most_read_24h(limit=5, locale=locale)
        context["most_commented_24h"] = selectors.most_commented_24h(limit=5, locale=locale)
        all_news = AllNewsPage.objects.live().child_of(self).first()  # type: ignore[attr-defined]
        context["all_news_url"] = all_news.url if all_news else ""
        return context


class SectionPage(Page):
    """A section (Politics, World, ...) that lists its articles, newest first."""

    intro = models.CharField(max_length=255, blank=True, verbose_name=_("intro"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from decorum.news import selectors

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = selectors.paginate(
            selectors.section_articles(section=self), request.GET.get("page")
        )
        return context


class MultimediaPage(Page):
    """The Multimedia section: every live article with a gallery or a video, newest first."""

    intro = models.CharField(max_length=255, blank=True, verbose_name=_("intro"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from decorum.news import selectors

        context = super().get_context(request, *args, **kwargs)
        media = selectors.live_articles(locale=self.locale_id).filter(has_media=True)
        context["articles"] = selectors.paginate(media, request.GET.get("page"))
        return context


class AllNewsPage(Page):
    """The chronological feed of every live article."""

    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from decorum.news import selectors

        context = super().get_context(request, *args, **kwargs)
        articles = selectors.live_articles(locale=self.locale_id)
        context["articles"] = selectors.paginate(articles, request.GET.get("page"))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """One article. The headline is the page title."""

    lead = models.TextField(verbose_name=_("lead"), blank=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
    )
    main_image_caption = models.CharField(max_length=255, blank=True, verbose_name=_("caption"))
    main_image_credit = models.CharField(max_length=255, blank=True, verbose_name=_("credit"))
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    published_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("publication time")
    )
    byline = models.CharField(max_length=255, blank=True, verbose_name=_("byline"))
    source = models.CharField(max_length=255, blank=True, verbose_name=_("source"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    has_media = models.BooleanField(default=False, editable=False, db_index=True)

    content_panels = [
        # TitleFieldPanel, not FieldPanel: it wires Wagtail's title-to-slug sync, without which
        # a new article has no slug and neither publishes nor autosaves.
        TitleFieldPanel("title", heading=_("Headline")),
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("main_image"),
                FieldRowPanel([FieldPanel("main_image_caption"), FieldPanel("main_image_credit")]),
            ],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("published_at"),
                FieldRowPanel([FieldPanel("byline"), FieldPanel("source")]),
                FieldPanel("tags"),
            ],
            heading=_("Publication"),
        ),
        InlinePanel("related_picks", label=_("Related articles picked by the editor")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")

    @property
    def section(self) -> Page | None:
        return self.get_parent()

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Keep ``has_media`` true exactly when the body holds a gallery or a video, so the
        Multimedia page can list such articles with one indexed query."""
        from decorum.news.media import MEDIA_BLOCKS

        self.has_media = any(block.block_type in MEDIA_BLOCKS for block in self.body)
        return super().save(*args, **kwargs)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Count the view, then serve the page, from the anonymous readers' page cache when
        the request allows it (see ``news.page_cache``): hits count as views too."""
        from decorum.news.actions import record_view
        from decorum.news.page_cache import serve_cached

        record_view(article_id=self.pk)
        return serve_cached(
            request, self.pk, lambda: super(ArticlePage, self).serve(request, *args, **kwargs)
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The article's page context. A new article previewed before its first save has no
        primary key, and filtering related rows by an unsaved instance raises, so such a
        preview goes without the related list, the view count and the other editions."""
        from decorum.news import selectors
        from decorum.news.metadata import article_metadata
        from decorum.news.shortlinks import short_link_for

        context = super().get_context(request, *args, **kwargs)
        context["article_tags"] = list(self.tags.all())
        context["meta"] = article_metadata(self, request, tags=context["article_tags"])
        if self.pk is None:
            context.update(related=[], view_count=0, other_editions=[], short_url="")
            return context
        context["related"] = selectors.related_articles(article=self, limit=5)
        context["view_count"] = selectors.view_count(article_id=self.pk)
        context["other_editions"] = selectors.other_editions(article=self)
        link = short_link_for(self)
        context["short_url"] = request.build_absolute_uri(f"/s/{link.code}") if link else ""
        return context


class RelatedPick(Orderable):
    """An editor's choice of related article, shown before the tag-based suggestions."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_picks")
    article = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )

    panels = [PageChooserPanel("article", "news.ArticlePage")]

    def __str__(self) -> str:
        return f"{self.page_id} -> {self.article_id}"


class ArticleViewCount(models.Model):
    """Flushed totals of page views; pending views live in the cache until the next flush."""

    article = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    views = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.article_id}: {self.views}"


class ShortLink(models.Model):
    """``/s/<code>``: a short, stable, non-sequential address for one article."""

    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="short_link")
    code = models.CharField(max_length=12, unique=True)
    clicks = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("short link")

    def __str__(self) -> str:
        return f"/s/{self.code}"


class ArticleViewHour(models.Model):
    """Views of one article in one hour, written by the view-count flush: "most read in the
    last 24 hours" sums these."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="viewhour_article_hour")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00: {self.views}"


class ArticleEmbedding(models.Model):
    """The article's meaning as a 512-number vector (multilingual sentence encoder), computed
    in the background when it is published, so "Related" can compare without embedding on
    the request path."""

    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"embedding of {self.article_id}"
