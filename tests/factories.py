"""Shared factories for news content: the page tree and articles, through Wagtail's tree API."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Site

from decorum.news.models import AllNewsPage, ArticlePage, HomePage, RelatedPick, SectionPage

DEFAULT_SECTIONS = ("Politics", "World", "Economy", "Science")


class SiteTree:
    """The home page and its sections, keyed by title (``tree.sections["World"]``)."""

    def __init__(self, home: HomePage, sections: dict[str, SectionPage], all_news: AllNewsPage):
        self.home = home
        self.sections = sections
        self.all_news = all_news

    def __iter__(self) -> Any:
        # ``home, sections = make_site_tree()`` also works.
        return iter((self.home, self.sections))


def _wagtail_root() -> Page:
    """Wagtail's migrated rows (locale, root page) are gone after a transactional test's flush."""
    from django.conf import settings
    from wagtail.models import Collection, Locale

    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def make_site_tree(sections: Sequence[str] = DEFAULT_SECTIONS) -> SiteTree:
    """Return the site tree, creating it once per test: HomePage as the default Site's root."""
    existing = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if existing is None:
        root = _wagtail_root()
        home = HomePage(title="Decorum", slug="home-news")
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        else:
            old_root_id = site.root_page_id
            site.root_page = home
            site.save(update_fields=["root_page"])
            welcome = Page.objects.filter(pk=old_root_id, depth=2).exclude(pk=home.pk).first()
            if welcome is not None and welcome.specific_class is Page:
                welcome.delete()
        all_news = AllNewsPage(title="All news", slug="all-news")
        home.add_child(instance=all_news)
    else:
        home = existing
        all_news = AllNewsPage.objects.child_of(home).first() or AllNewsPage(  # type: ignore[attr-defined]
            title="All news", slug="all-news"
        )
        if all_news.pk is None:
            home.add_child(instance=all_news)
    found = {s.title: s for s in SectionPage.objects.child_of(home)}  # type: ignore[attr-defined]
    for title in sections:
        if title not in found:
            section = SectionPage(title=title, slug=title.lower(), show_in_menus=True)
            home.add_child(instance=section)
            found[title] = section
    return SiteTree(home, found, all_news)


def make_edition(language: str = "ru", sections: dict[str, str] | None = None) -> SiteTree:
    """Another edition: the home page translated into ``language`` and sections translated
    from the default edition's (English title -> title in the edition)."""
    from wagtail.models import Locale

    sections = sections or {"Politics": "Политика", "World": "В мире"}
    tree = make_site_tree(tuple(sections))
    locale = Locale.objects.get_or_create(language_code=language)[0]
    home = tree.home.get_translation_or_none(locale)
    if home is None:
        home = tree.home.copy_for_translation(locale)
        home.save_revision().publish()
    found: dict[str, SectionPage] = {}
    for english, title in sections.items():
        section = tree.sections[english].get_translation_or_none(locale)
        if section is None:
            section = tree.sections[english].copy_for_translation(locale)
            section.title, section.slug = title, f"{english.lower()}-{language}"
            section.save_revision().publish()
        found[english] = SectionPage.objects.get(pk=section.pk)
    home = HomePage.objects.get(pk=home.pk)
    all_news = AllNewsPage.objects.child_of(home).first()  # type: ignore[attr-defined]
    if all_news is None:
        all_news = AllNewsPage(title="All news", slug="all-news")
        home.add_child(instance=all_news)
    return SiteTree(home, found, all_news)


def translate_article(
    article: ArticlePage,
    *,
    language: str = "ru",
    title: str,
    lead: str = "",
    body_paragraphs: Iterable[str] = (),
) -> ArticlePage:
    """Publish ``article``'s version in another edition (its section must exist there)."""
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language)
    version = article.copy_for_translation(locale)
    version.title, version.lead, version.slug = (
        title,
        lead or article.lead,
        f"{article.slug}-{language}",
    )
    version.save_revision().publish()
    return ArticlePage.objects.get(pk=version.pk)


def make_article(
    title: str = "Council approves new bridge",
    *,
    section: SectionPage | str | None = None,
    tags: Iterable[str] = (),
    lead: str = "The vote ends two years of debate over the river crossing.",
    body_paragraphs: Iterable[str] = ("The council met on Tuesday.",),
    live: bool = True,
    published_at: datetime | None = None,
    go_live_at: datetime | None = None,
    byline: str = "Test Reporter",
    source: str = "",
    image: bool = False,
    related: Iterable[ArticlePage] = (),
) -> ArticlePage:
    """Create an article under ``section`` (a page or a title; default the first section).

    ``live=False`` leaves a draft; ``go_live_at`` in the future schedules it.
    """
    tree = make_site_tree()
    if section is None:
        parent: SectionPage = next(iter(tree.sections.values()))
    elif isinstance(section, str):
        parent = make_site_tree((section,)).sections[section]
    else:
        parent = section
    article = ArticlePage(
        title=title,
        lead=lead,
        body=[("paragraph", f"<p>{text}</p>") for text in body_paragraphs],
        published_at=published_at or timezone.now(),
        byline=byline,
        source=source,
        live=live and go_live_at is None,
    )
    if image:
        from decorum.core.images import make_wagtail_image

        article.main_image = make_wagtail_image(title=title)  # type: ignore[assignment]
        article.main_image_caption = f"Caption for {title}"
        article.main_image_credit = "Decorum test desk"
    parent.add_child(instance=article)
    for name in tags:
        article.tags.add(name)
    for index, other in enumerate(related):
        article.related_picks.add(RelatedPick(article=other, sort_order=index))
    article.save()
    revision = article.save_revision()
    if go_live_at is not None:
        article.go_live_at = go_live_at
        article.save(update_fields=["go_live_at"])
        revision = article.save_revision()
        revision.publish()  # Wagtail keeps it scheduled until go_live_at
    elif live:
        revision.publish()
    return ArticlePage.objects.get(pk=article.pk)
