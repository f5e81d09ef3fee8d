"""Write one edition of the demo (home page, sections, articles) from its content files.

The English edition makes the site's home page; the Russian one translates its home page and
sections (same translation keys, so the edition switcher finds them), writes articles that
exist only in Russian, and the Russian version of one English story, linked under "Also in".
Everything in the content is made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page, Site

from decorum.core.images import make_wagtail_image
from decorum.demo.loader import (
    Article,
    Credits,
    Edition,
    ExternalPost,
    Gallery,
    Quote,
    RelatedArticle,
    Video,
)
from decorum.news.models import (
    AllNewsPage,
    ArticlePage,
    HomePage,
    MultimediaPage,
    RelatedPick,
    SectionPage,
)


@dataclass(frozen=True)
class Built:
    """The pages of one edition; ``articles`` keyed by content key, in publishing order."""

    home: Any
    sections: dict[str, Any]  # by the edition's own section slug
    articles: dict[str, Any]


def _publish(page: Any) -> Any:
    page.save_revision().publish()
    return page


def _make_home(edition: Edition) -> Any:
    """A new home page that becomes the default site's root (Wagtail's welcome page goes)."""
    root = Page.get_first_root_node()
    home = HomePage(title=edition.home.title, slug=edition.home.slug, intro=edition.home.intro)
    root.add_child(instance=home)
    _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    old_root_id = site.root_page_id if site else None
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])
    if old_root_id is not None:
        welcome = Page.objects.filter(pk=old_root_id).first()
        if welcome is not None and welcome.specific_class is Page:
            welcome.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    return home


def _make_tree(edition: Edition) -> tuple[Any, dict[str, Any]]:
    home = _make_home(edition)
    sections: dict[str, Any] = {}
    for section in edition.sections:
        page = SectionPage(title=section.title, slug=section.slug, show_in_menus=True)
        home.add_child(instance=page)
        sections[section.slug] = _publish(page)
    for page in _listing_pages(edition):
        home.add_child(instance=page)
        _publish(page)
    return home, sections


def _listing_pages(edition: Edition) -> list[Any]:
    """ "All news" and "Multimedia", new pages in every edition (not translations)."""
    multimedia = edition.multimedia
    return [
        AllNewsPage(title=edition.all_news.title, slug=edition.all_news.slug),
        MultimediaPage(title=multimedia.title, slug=multimedia.slug, intro=multimedia.intro),
    ]


def _translate_tree(edition: Edition, source: Built) -> tuple[Any, dict[str, Any]]:
    locale = Locale.objects.get_or_create(language_code=edition.language)[0]
    home = source.home.copy_for_translation(locale)
    home.title, home.intro = edition.home.title, edition.home.intro
    _publish(home)
    sections: dict[str, Any] = {}
    for section in edition.sections:
        translated = source.sections[section.translates].copy_for_translation(locale)
        translated.title, translated.slug = section.title, section.slug
        _publish(translated)
        # Re-read: publishing moved the page's address, children must see the new one.
        sections[section.slug] = SectionPage.objects.get(pk=translated.pk)
    for page in _listing_pages(edition):
        home.add_child(instance=page)
    for child in home.get_children().specific():
        if not child.live or child.has_unpublished_changes:
            _publish(child)
    return home, sections


def _prose(article: Article) -> list[tuple[str, Any]]:
    return [
        ("quote", {"text": part.text, "attribution": part.attribution})
        if isinstance(part, Quote)
        else ("paragraph", f"<p>{part}</p>")
        for part in article.body
    ]


def add_demo_article(
    section: Any,
    *,
    title: str,
    lead: str,
    body: list[tuple[str, Any]],
    published_at: datetime,
    byline: str,
    tags: Sequence[str],
    credits: Credits,
) -> Any:
    """Write one demo article with a generated picture under ``section`` (not yet published)."""
    article = ArticlePage(
        title=title,
        lead=lead,
        main_image=make_wagtail_image(title=title),
        main_image_caption=credits.caption_for(title),
        main_image_credit=credits.image,
        body=body,
        published_at=published_at,
        byline=byline,
        source=credits.source,
    )
    section.add_child(instance=article)
    for tag in tags:
        article.tags.add(tag)
    article.save()
    return article


def _block(block: Any, *, pages: dict[str, Any], credits: Credits) -> tuple[str, Any]:
    if isinstance(block, ExternalPost):
        return ("external_post", {"url": block.url, "text": block.text, "author": block.author})
    if isinstance(block, RelatedArticle):
        return ("related_article", {"article": pages[block.article]})
    if isinstance(block, Gallery):
        images = [
            {
                "image": make_wagtail_image(title=picture.title),
                "caption": picture.caption,
                "credit": credits.image,
            }
            for picture in block.pictures
        ]
        return ("gallery", {"title": block.title, "images": images})
    if isinstance(block, Video):
        return ("video", {"url": block.url, "caption": block.caption})
    raise TypeError(f"unknown block {block!r}")


def _write_articles(edition: Edition, sections: dict[str, Any]) -> dict[str, Any]:
    """Write the prose first, then the blocks that point at other articles, then publish."""
    now = timezone.now()
    count = len(edition.articles)
    pages: dict[str, Any] = {}
    for index, article in enumerate(edition.articles):
        pages[article.key] = add_demo_article(
            sections[article.section],
            title=article.title,
            lead=article.lead,
            body=_prose(article),
            published_at=now - timedelta(hours=edition.hours_between_articles * (count - index)),
            byline=article.byline,
            tags=article.tags,
            credits=edition.credits,
        )
    for article in edition.articles:
        if not article.blocks and not article.related_picks:
            continue
        page = pages[article.key]
        for block in article.blocks:
            page.body.append(_block(block, pages=pages, credits=edition.credits))
        for order, key in enumerate(article.related_picks):
            page.related_picks.add(RelatedPick(article=pages[key], sort_order=order))
        page.save()
    for page in pages.values():
        _publish(page)
    return pages


def _write_translation(article: Article, edition: Edition, original: Any) -> Any:
    locale = Locale.objects.get_or_create(language_code=edition.language)[0]
    version = original.copy_for_translation(locale)
    version.title, version.lead = article.title, article.lead
    if article.slug:
        version.slug = article.slug
    version.body = _prose(article)
    version.main_image_caption = edition.credits.caption_for(article.title)
    version.main_image_credit = edition.credits.image
    version.byline, version.source = article.byline, edition.credits.source
    version.tags.set(article.tags, clear=True)
    version.save()
    return _publish(version)


def build_edition(edition: Edition, *, sources: dict[str, Built]) -> Built:
    """Write ``edition``; ``sources`` holds the editions already written, by language
    (precondition: the one it translates, if it translates one, is among them)."""
    if edition.translation_of:
        home, sections = _translate_tree(edition, sources[edition.translation_of])
    else:
        home, sections = _make_tree(edition)
    pages = _write_articles(edition, sections)
    for article in edition.translations:
        language, key = article.translation_of.split("/", 1)
        pages[article.key] = _write_translation(article, edition, sources[language].articles[key])
    fresh = ArticlePage.objects.in_bulk([page.pk for page in pages.values()])
    return Built(
        home=home,
        sections=sections,
        articles={key: fresh[page.pk] for key, page in pages.items()},
    )
