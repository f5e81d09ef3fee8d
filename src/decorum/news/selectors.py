"""Reads for the news site; visibility (live, public) is applied in the query."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Locale, Page

from decorum.news import app_settings
from decorum.news.models import (
    ArticlePage,
    ArticleViewCount,
    MultimediaPage,
    RelatedPick,
    SectionPage,
)

NAV_CACHE_KEY = "news:nav-sections"
PENDING_VIEWS_KEY = "news:views:pending:{}"
CARD_RENDITION = "fill-640x360"


def _with_card_data(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Cards need the section title and the image rendition: fetched here, not per card."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    section_title = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("title")[:1]
    return (
        queryset.select_related("main_image", "locale")
        .annotate(section_title=Subquery(section_title))
        .prefetch_related(
            Prefetch(
                "main_image",
                queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION),  # type: ignore[attr-defined]
            )
        )
    )


def _every_edition() -> QuerySet[ArticlePage]:
    return _with_card_data(
        ArticlePage.objects.live().public().order_by("-published_at", "-pk")  # type: ignore[attr-defined]
    )


def live_articles(*, locale: Locale | int | None = None) -> QuerySet[ArticlePage]:
    """Every article readers of one edition may see (the active language's edition unless
    ``locale`` is given), newest publication time first."""
    return _every_edition().filter(locale=locale or Locale.get_active())


def latest_articles(*, limit: int = 10, locale: Locale | int | None = None) -> list[ArticlePage]:
    return list(live_articles(locale=locale)[:limit])


def section_articles(*, section: Page) -> QuerySet[ArticlePage]:
    return live_articles(locale=section.locale_id).child_of(section)  # type: ignore[attr-defined,no-any-return]


def tag_articles(*, slug: str, locale: Locale | int | None = None) -> QuerySet[ArticlePage]:
    return live_articles(locale=locale).filter(tags__slug=slug).distinct()


def paginate(queryset: QuerySet[Any], page_number: str | None) -> PaginatorPage[Any]:
    return Paginator(queryset, app_settings.page_size()).get_page(page_number)


SIMILARITY_FLOOR = 0.35
SIMILAR_CANDIDATES = 300
VERSION_BONUS = 10.0


RELATED_KEY = "news:related:{article}:{limit}:{site}"


def related_articles(*, article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    """The article's "Related" list, computed once and kept (``compute_related_ids``) until
    any page is published, unpublished or moved or an embedding changes (the site
    generation of ``news.page_cache``); a view then costs one query for the cards."""
    from decorum.news.page_cache import site_generation

    key = RELATED_KEY.format(article=article.pk, limit=limit, site=site_generation())
    chosen: list[int] | None = cache.get(key)
    if chosen is None:
        chosen = compute_related_ids(article=article, limit=limit)
        cache.set(key, chosen, app_settings.related_cache_seconds())
    if not chosen:
        return []
    by_pk = {a.pk: a for a in _every_edition().filter(pk__in=chosen)}
    return [by_pk[pk] for pk in chosen if pk in by_pk]


def compute_related_ids(*, article: ArticlePage, limit: int = 5) -> list[int]:
    """Editor picks first (in their order), then the article's versions in other editions,
    then the articles that share the most tags or read most alike (multilingual embeddings,
    so coverage in other editions counts too).

    Score = shared tags + cosine similarity; articles sharing no tag need a similarity of
    at least ``SIMILARITY_FLOOR``. Four queries plus one small matrix product; the caller
    loads the cards.
    """
    from decorum.news.similarity import similarities

    picks = list(
        RelatedPick.objects.filter(page=article)
        .order_by("sort_order")
        .values_list("article_id", flat=True)
    )
    picked = set(
        ArticlePage.objects.live()  # type: ignore[attr-defined]
        .public()
        .filter(pk__in=picks)
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)
    )
    result = [pk for pk in picks if pk in picked][:limit]
    remaining = limit - len(result)
    if remaining <= 0:
        return result
    tag_ids = list(article.tagged_items.values_list("tag_id", flat=True))
    candidates = list(
        ArticlePage.objects.live()  # type: ignore[attr-defined]
        .public()
        .exclude(pk=article.pk)
        .exclude(pk__in=list(picked))
        .annotate(
            shared_tags=Count(
                "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids or [0]), distinct=True
            )
        )
        .order_by("-published_at", "-pk")
        .values_list("pk", "shared_tags", "translation_key")[:SIMILAR_CANDIDATES]
    )
    similar = similarities(article.pk, [pk for pk, _shared, _key in candidates])
    scored = []
    for pk, shared, key in candidates:
        likeness = similar.get(pk, 0.0)
        version = key == article.translation_key  # the same story in another edition
        if version or shared > 0 or likeness >= SIMILARITY_FLOOR:
            scored.append((shared + likeness + (VERSION_BONUS if version else 0.0), pk))
    scored.sort(key=lambda item: -item[0])
    return result + [pk for _score, pk in scored[:remaining]]


def pending_views(*, article_id: int) -> int:
    return int(cache.get(PENDING_VIEWS_KEY.format(article_id)) or 0)


def view_count(*, article_id: int) -> int:
    """Views flushed to the database plus views still waiting in the cache."""
    stored = (
        ArticleViewCount.objects.filter(article_id=article_id)
        .values_list("views", flat=True)
        .first()
    )
    return int(stored or 0) + pending_views(article_id=article_id)


def most_read_articles(*, limit: int = 5, locale: Locale | int | None = None) -> list[ArticlePage]:
    """The live articles with the most flushed views (pending views count after the next flush)."""
    views = ArticleViewCount.objects.filter(article_id=OuterRef("pk")).values("views")[:1]
    return list(
        live_articles(locale=locale)
        .annotate(flushed_views=Subquery(views, output_field=IntegerField()))
        .filter(flushed_views__gt=0)
        .order_by("-flushed_views", "-published_at")[:limit]
    )


def most_read_24h(*, limit: int = 5, locale: Locale | int | None = None) -> list[ArticlePage]:
    """Live articles with the most views in the last 24 hours (flushed views)."""
    from decorum.news.models import ArticleViewHour

    since = timezone.now() - timedelta(hours=24)
    views = (
        ArticleViewHour.objects.filter(article_id=OuterRef("pk"), hour__gte=since)
        .values("article_id")
        .annotate(total=Sum("views"))
        .values("total")[:1]
    )
    return list(
        live_articles(locale=locale)
        .annotate(recent_views=Subquery(views, output_field=IntegerField()))
        .filter(recent_views__gt=0)
        .order_by("-recent_views", "-published_at")[:limit]
    )


def most_commented_24h(*, limit: int = 5, locale: Locale | int | None = None) -> list[ArticlePage]:
    """Live articles with the most published comments posted in the last 24 hours."""
    from decorum.community.models import Comment, CommentStatus

    since = timezone.now() - timedelta(hours=24)
    counts = (
        Comment.objects.filter(
            article_id=OuterRef("pk"), status=CommentStatus.PUBLISHED, created_at__gte=since
        )
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return list(
        live_articles(locale=locale)
        .annotate(recent_comments=Subquery(counts, output_field=IntegerField()))
        .filter(recent_comments__gt=0)
        .order_by("-recent_comments", "-published_at")[:limit]
    )


def live_items(*, since: datetime | None = None, limit: int = 30) -> list[ArticlePage]:
    """The newest live articles across sections (only those after ``since`` when given)."""
    queryset = live_articles()
    if since is not None:
        queryset = queryset.filter(published_at__gt=since)
    return list(queryset.order_by("-published_at", "-pk")[:limit])


def navigation_sections() -> list[dict[str, str]]:
    """The active edition's live sections for the site header, then its Multimedia page
    (marked ``multimedia`` for the footer), cached per edition (invalidated when a page is
    published)."""
    from django.utils.translation import get_language

    key = f"{NAV_CACHE_KEY}:{get_language()}"
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    # One query for both kinds (the footer's Multimedia link must not cost the page more),
    # joined to the content types rather than through their cache, whose ids go stale when a
    # test run flushes the database.
    kinds = {
        SectionPage._meta.model_name: "section",
        MultimediaPage._meta.model_name: "multimedia",
    }
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return []  # no edition set up yet (a bare database): a page without sections, not a 500
    pages = (
        Page.objects.live()
        .public()
        .filter(
            locale=locale,
            content_type__app_label=SectionPage._meta.app_label,
            content_type__model__in=list(kinds),
        )
        .select_related("content_type")
        .order_by("path")
    )
    sections: list[dict[str, str]] = []
    first_multimedia: dict[str, str] | None = None
    for page in pages:
        item = {"title": page.title, "url": page.url or ""}
        if kinds[page.content_type.model] == "section":
            sections.append(item)
        elif first_multimedia is None:
            first_multimedia = {**item, "multimedia": "1"}
    if first_multimedia is not None:
        sections.append(first_multimedia)
    cache.set(key, sections, app_settings.nav_cache_seconds())
    return sections


def forget_cached_navigation() -> None:
    from django.conf import settings

    cache.delete_many([f"{NAV_CACHE_KEY}:{code}" for code, _name in settings.LANGUAGES])


def other_editions(*, article: ArticlePage) -> list[dict[str, str]]:
    """The article's live versions in other editions, for "Also in": language name (in that
    language), code and address."""
    from django.utils.translation import get_language_info

    versions = (
        ArticlePage.objects.live()  # type: ignore[attr-defined]
        .public()
        .filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    return [
        {
            "code": version.locale.language_code,
            "name": get_language_info(version.locale.language_code)["name_local"],
            "url": version.url or "",
            "title": version.title,
        }
        for version in versions
    ]
