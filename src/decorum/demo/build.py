"""Demo content, written for Decorum: loaded once on the first ``decorum serve``.

Every article here describes made-up events in made-up places. The marker row
``demo-content`` guards the loader, so later runs change nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

MARKER = "demo-content"


class Output(Protocol):
    """Where the loader reports: ``sys.stdout`` or a management command's ``self.stdout``."""

    def write(self, msg: str, /) -> object: ...

    def flush(self) -> object: ...


SECTIONS = ("Politics", "World", "Economy", "Science", "Sport", "Culture")

# (section, title, lead, paragraphs, tags, byline, quote or None)
ARTICLES: tuple[
    tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, tuple[str, str] | None], ...
] = (
    (
        "Politics",
        "Riverton council votes to pedestrianise the old market street",
        "After a year of consultation, cars will leave Market Lane from the spring.",
        (
            "The council of Riverton, a fictional town on the Alder, voted eleven to four on "
            "Tuesday evening to close Market Lane to through traffic.",
            "Shop owners were divided: some expect more visitors on foot, others worry about "
            "deliveries. The plan allows vans before ten in the morning.",
        ),
        ("riverton", "transport", "local government"),
        "Mara Ellison",
        ("We listened to every street, and this one asked to breathe.", "Councillor Ida Brandt"),
    ),
    (
        "Politics",
        "Parliament of Norland debates a four-day week for civil servants",
        "A pilot in three ministries would start next year if the bill passes.",
        (
            "Members of Norland's parliament spent six hours on the first reading of the bill.",
            "The finance committee will publish its estimate of the costs within a month.",
        ),
        ("norland", "work", "parliament"),
        "Tomas Reyes",
        None,
    ),
    (
        "World",
        "Coastal towns of the Kesh archipelago share one ferry timetable",
        "Seven island councils agreed a joint schedule after years of missed connections.",
        (
            "Travellers between the Kesh islands will see one timetable from the first of May.",
            "The agreement also sets a common fare for residents and a night crossing on Fridays.",
        ),
        ("kesh", "transport", "islands"),
        "Lena Park",
        (
            "A ferry that waits for the other ferry: that is the whole idea.",
            "Harbour master Ove Lind",
        ),
    ),
    (
        "World",
        "Mountain villages of Vell open a shared winter school",
        "Children from four valleys will learn together while the passes are closed.",
        (
            "The school occupies the old customs house, heated by a new wood-chip boiler.",
            "Teachers will rotate between the villages once the roads reopen in April.",
        ),
        ("vell", "education"),
        "Amir Haddad",
        None,
    ),
    (
        "Economy",
        "Alder Valley cooperative bank doubles its lending to small farms",
        "Rising demand for orchard loans pushed the bank to expand its rural desk.",
        (
            "The cooperative said loans to farms under twenty hectares doubled in a year.",
            "Most of the money went to irrigation and to replanting old apple varieties.",
        ),
        ("alder valley", "farming", "banking"),
        "Sofia Marin",
        None,
    ),
    (
        "Economy",
        "Riverton's tram depot becomes a hall for small workshops",
        "Forty units for carpenters, bakers and repair shops open in the autumn.",
        (
            "The depot, empty since the trams moved to the new yard, keeps its iron roof.",
            "Rents will be capped for the first three years, the town's economy office said.",
        ),
        ("riverton", "business", "transport"),
        "Mara Ellison",
        None,
    ),
    (
        "Science",
        "Students in Norland track a comet with a rooftop telescope",
        "Their measurements of its tail were accepted by an amateur astronomy network.",
        (
            "The team of six built the mount from bicycle parts and a donated lens.",
            "They photographed the comet on nineteen clear nights between October and December.",
        ),
        ("norland", "astronomy", "education"),
        "Ravi Menon",
        ("The sky was generous this winter.", "Student Elin Aas"),
    ),
    (
        "Science",
        "Kesh biologists count more seabird nests than in any year on record",
        "A quiet fishing season and a rat-free islet helped the colony grow.",
        (
            "Volunteers counted just over four thousand nests on the outer islets of Kesh.",
            "The biologists will ring chicks in July to follow where the young birds go.",
        ),
        ("kesh", "wildlife", "islands"),
        "Lena Park",
        None,
    ),
    (
        "Sport",
        "Riverton Rowing Club wins the Alder regatta for the third time",
        "The eight crossed the line a boat length ahead in a strong head wind.",
        (
            "The crew trained through the winter on the flooded lower river.",
            "Their coach said the club will now enter the national championships.",
        ),
        ("riverton", "rowing"),
        "Jonas Weber",
        None,
    ),
    (
        "Sport",
        "Vell ski jump reopens with a smaller hill for young athletes",
        "The renovated jump adds a twenty-metre hill next to the old forty-metre one.",
        (
            "The ski club of Vell raised half of the cost through a winter fair.",
            "The first competition on the new hill is planned for the end of January.",
        ),
        ("vell", "skiing"),
        "Jonas Weber",
        None,
    ),
    (
        "Culture",
        "A lost song cycle by a Norland composer is performed for the first time",
        "The manuscript turned up in a box of sheet music donated to the city library.",
        (
            "Librarians found twelve songs in the composer's hand, dated to the spring of 1911.",
            "The premiere at the small concert hall sold out within a day.",
        ),
        ("norland", "music", "libraries"),
        "Clara Nyberg",
        ("The ink was faded but every note was there.", "Librarian Per Holm"),
    ),
    (
        "Culture",
        "Riverton library lends tools as well as books",
        "Drills, ladders and sewing machines can now be borrowed with a library card.",
        (
            "The tool shelf started with donations from a closed hardware shop.",
            "In the first month, residents borrowed tools more than three hundred times.",
        ),
        ("riverton", "libraries"),
        "Clara Nyberg",
        None,
    ),
)

DEMO_USERS = (
    # (username, e-mail, display name, role)
    ("reader", "reader@demo.decorum.invalid", "Rita Reader", "reader"),
    ("visitor", "visitor@demo.decorum.invalid", "Vika Gost", "visitor"),
    ("moderator", "moderator@demo.decorum.invalid", "Mo Moderator", "moderator"),
    ("editor", "editor@demo.decorum.invalid", "Ed Editor", "editor"),
    ("admin", "admin@demo.decorum.invalid", "Ada Admin", "admin"),
)


def _make_users() -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    from allauth.account.models import EmailAddress

    from decorum.accounts.actions import record_standards_acceptance

    user_model = get_user_model()
    users: dict[str, Any] = {}
    credentials: list[tuple[str, str, str]] = []
    access_admin = Permission.objects.filter(codename="access_admin").first()
    for username, email, display_name, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(
            username=username,
            email=email,
            password=password,
            display_name=display_name,
            is_staff=role in ("moderator", "editor", "admin"),
            is_superuser=role == "admin",
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        # The demo cast stands for people who signed up, so they accepted the standards then.
        record_standards_acceptance(user=user)
        if role == "moderator":
            user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        if role == "editor":
            user.groups.add(Group.objects.get_or_create(name="Editors")[0])
        if role in ("moderator", "editor") and access_admin is not None:
            user.user_permissions.add(access_admin)
        users[role] = user
        credentials.append((role, email, password))
    return users, credentials


def _make_tree() -> tuple[Any, dict[str, Any]]:
    from decorum.news.models import AllNewsPage, HomePage, MultimediaPage, SectionPage

    root = Page.get_first_root_node()
    home = HomePage(
        title="Decorum",
        slug="decorum-home",
        intro="News from the towns, islands and valleys of an imaginary country.",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
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
    sections: dict[str, Any] = {}
    for title in SECTIONS:
        section = SectionPage(title=title, slug=title.lower(), show_in_menus=True)
        home.add_child(instance=section)
        section.save_revision().publish()
        sections[title] = section
    all_news = AllNewsPage(title="All news", slug="all-news")
    home.add_child(instance=all_news)
    all_news.save_revision().publish()
    multimedia = MultimediaPage(
        title="Multimedia", slug="multimedia", intro="Galleries and videos from every section."
    )
    home.add_child(instance=multimedia)
    multimedia.save_revision().publish()
    return home, sections


@dataclass(frozen=True)
class Credits:
    """How one edition's demo articles credit their picture and desk."""

    caption: str  # "%s" is the headline
    image: str
    source: str


DEMO_CREDITS = Credits(
    caption="Illustration: %s", image="Decorum demo graphics", source="Decorum demo desk"
)


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
    from decorum.core.images import make_wagtail_image
    from decorum.news.models import ArticlePage

    article = ArticlePage(
        title=title,
        lead=lead,
        main_image=make_wagtail_image(title=title),
        main_image_caption=credits.caption % title,
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


def _make_articles(sections: dict[str, Any]) -> list[Any]:
    from decorum.core.images import make_wagtail_image
    from decorum.news.models import ArticlePage, RelatedPick

    now = timezone.now()
    articles: list[Any] = []
    for index, (section, title, lead, paragraphs, tags, byline, quote) in enumerate(ARTICLES):
        body: list[tuple[str, Any]] = [("paragraph", f"<p>{paragraphs[0]}</p>")]
        if quote is not None:
            body.append(("quote", {"text": quote[0], "attribution": quote[1]}))
        body.extend(("paragraph", f"<p>{text}</p>") for text in paragraphs[1:])
        if index % 4 == 1:
            body.append(
                (
                    "external_post",
                    {
                        "url": "https://social.example.org/@riverton_news/1001",
                        "text": "Full notes from today's session are on the town website.",
                        "author": "Riverton News Desk",
                    },
                )
            )
        article = add_demo_article(
            sections[section],
            title=title,
            lead=lead,
            body=body,
            published_at=now - timedelta(hours=5 * (len(ARTICLES) - index)),
            byline=byline,
            tags=tags,
            credits=DEMO_CREDITS,
        )
        articles.append(article)
    # An inline related card and editor picks: the first article points at two others.
    first = articles[0]
    first.body.append(("related_article", {"article": articles[5]}))
    first.related_picks.add(RelatedPick(article=articles[8], sort_order=0))
    first.related_picks.add(RelatedPick(article=articles[11], sort_order=1))
    first.save()
    # A gallery and a video, for the Multimedia page.
    gallery_images = [make_wagtail_image(title=f"River festival {n}") for n in (1, 2, 3)]
    second = articles[1]
    second.body.append(
        (
            "gallery",
            {
                "title": "Scenes from the week",
                "images": [
                    {"image": img, "caption": f"Scene {n}", "credit": "Decorum demo graphics"}
                    for n, img in enumerate(gallery_images, start=1)
                ],
            },
        )
    )
    second.save()
    third = articles[2]
    third.body.append(
        ("video", {"url": "https://vimeo.com/76979871", "caption": "An example video (Vimeo)"})
    )
    third.save()
    for article in articles:
        article.save_revision().publish()
    return [ArticlePage.objects.get(pk=a.pk) for a in articles]


def _add_comments(articles: list[Any], users: dict[str, Any]) -> int:
    try:
        from decorum.demo.comments import add_demo_threads
    except ImportError:  # the comments app is optional for the news demo
        return 0
    authors = [users["reader"], users["moderator"], users["editor"]]
    total = 0
    for article in articles[:3]:
        total += len(add_demo_threads(article=article, authors=authors))
    from decorum.demo.comments import add_demo_problems

    total += len(add_demo_problems(article=articles[0], author=_problem_author("en")))
    return total


# Authors of the demo's rule-breaking comments. They cannot log in: the accounts people try
# the demo with must start with no rejections, or their first rejected comment would reach
# the sanction ladder and block them from the whole site.
PROBLEM_AUTHORS = {
    "en": ("demo-author-en", "author-en@demo.decorum.invalid", "Nick Nettle"),
    "ru": ("demo-author-ru", "author-ru@demo.decorum.invalid", "Пётр Шумов"),
}


def _problem_author(language: str) -> Any:
    username, email, display_name = PROBLEM_AUTHORS[language]
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        from allauth.account.models import EmailAddress

        from decorum.accounts.actions import record_standards_acceptance

        user = user_model.objects.create_user(
            username=username, email=email, password=None, display_name=display_name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        record_standards_acceptance(user=user)
    return user


def _add_russian_comments(articles: list[Any], users: dict[str, Any]) -> int:
    try:
        from decorum.demo.comments import add_demo_problems, add_demo_threads
    except ImportError:
        return 0
    from decorum.demo.editions import PROBLEMS, THREAD

    authors = [users["reader"], users["moderator"], users["editor"]]
    thread = add_demo_threads(article=articles[-1], authors=authors, thread=THREAD, edit=False)
    problems = add_demo_problems(
        article=articles[-1], author=_problem_author("ru"), problems=PROBLEMS
    )
    return len(thread) + len(problems)


def _add_views(articles: list[Any]) -> None:
    """Give "Most read" something to show: count some views the way readers make them."""
    from decorum.core.jobs import wait_for_jobs
    from decorum.news.actions import flush_view_counts, record_view

    for index, article in enumerate(articles):
        for _ in range((index * 7) % 23 + 1):
            record_view(article_id=article.pk)
    wait_for_jobs()
    flush_view_counts()


def _write_passwords(credentials: list[tuple[str, str, str]]) -> str:
    path = settings.DATA_DIR / "demo-passwords.txt"
    lines = ["Decorum demo accounts (log in with the e-mail address):"]
    lines += [f"{role:10} {email:32} {password}" for role, email, password in credentials]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def _add_moderation_history(
    articles: list[Any], russian: list[Any], users: dict[str, Any], *, stdout: Output
) -> None:
    """Four weeks of past comments, decisions, reports, appeals and a block, so the
    moderation statistics and the transparency report have something to show. Written by
    authors nobody logs in as (see ``decorum.demo.history``)."""
    try:
        from decorum.demo.history import add_moderation_history
    except ImportError:  # the enforcement app is optional for the news demo
        return
    pages = [(article, "en") for article in articles[:8]] + [(page, "ru") for page in russian[:3]]
    history = add_moderation_history(articles=pages, moderator=users["moderator"])
    stdout.write(
        f"Moderation history of the last four weeks: {history.comments} comments, "
        f"{history.decisions} decisions, {history.reports} reports, {history.appeals} appeals, "
        f"{history.blocks} block.\n"
    )


def load_demo_content_once(*, stdout: Output) -> bool:
    """Create the demo site unless the marker row exists; returns True when it loaded.

    Prints the demo accounts and their random passwords, and writes them to
    ``DATA_DIR/demo-passwords.txt`` so they can be found again.
    """
    from decorum.core.models import Marker

    if Marker.objects.filter(name=MARKER).exists():
        return False
    with transaction.atomic():
        Marker.objects.create(name=MARKER)
        users, credentials = _make_users()
        home, sections = _make_tree()
        articles = _make_articles(sections)
        from decorum.demo.editions import make_russian_edition

        russian = make_russian_edition(home=home, sections=sections, articles=articles)
    comments = _add_comments(articles, users) + _add_russian_comments(russian, users)
    _add_views(articles + russian)
    path = _write_passwords(credentials)
    _add_moderation_history(articles, russian, users, stdout=stdout)
    stdout.write(
        f"Loaded demo content: {len(articles)} English and {len(russian)} Russian articles "
        f"in {len(sections)} sections per edition, {comments} comments.\n"
    )
    stdout.write("Demo accounts (log in with the e-mail address):\n")
    for role, email, password in credentials:
        stdout.write(f"  {role:10} {email:32} {password}\n")
    stdout.write(f"These passwords are also in {path}\n")
    stdout.flush()
    return True
