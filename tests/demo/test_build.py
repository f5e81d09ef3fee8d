"""Demo content loads once (``decorum manage load_demo``): the site tree, articles with images,
the cast with verified e-mail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from decorum.demo.build import load_demo_content_once
from decorum.demo.loader import read_people
from decorum.news.models import ArticlePage, HomePage, SectionPage

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once_and_prints_passwords(client: Client) -> None:
    out = io.StringIO()
    assert load_demo_content_once(stdout=out) is True
    printed = out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert SectionPage.objects.live().count() >= 5
    articles = ArticlePage.objects.live()
    assert articles.count() >= 12
    assert all(a.main_image_id for a in articles)
    users = {u.username: u for u in get_user_model().objects.all()}
    assert {"reader", "moderator", "editor", "admin"} <= set(users)
    assert users["admin"].is_superuser
    assert users["moderator"].groups.filter(name="Moderators").exists()
    assert users["editor"].groups.filter(name="Editors").exists()
    for user in users.values():
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    password_file = (settings.DATA_DIR / "demo-passwords.txt").read_text()
    reader_line = next(line for line in printed.splitlines() if "reader@" in line)
    password = reader_line.split()[-1]
    assert password in password_file
    assert users["reader"].check_password(password)

    # The content files' quote, gallery, video and editor picks reach the pages.
    market = client.get(articles.get(title__startswith="Riverton council votes").url)
    html = market.content.decode()
    assert "We listened to every street, and this one asked to breathe." in html
    assert "Councillor Ida Brandt" in html
    blocks = {b.block_type for a in articles for b in a.body}
    assert {"quote", "gallery", "video", "external_post", "related_article"} <= blocks
    assert articles.get(title__startswith="Riverton council votes").related_picks.count() == 2

    again = io.StringIO()
    call_command("load_demo", stdout=again)  # what ``decorum serve`` runs on every start
    assert "already loaded" in again.getvalue()
    assert ArticlePage.objects.count() == articles.count()
    assert client.get("/").status_code == 200


def test_the_demo_has_a_russian_edition_with_one_story_in_both(client: Client) -> None:
    load_demo_content_once(stdout=io.StringIO())
    russian = ArticlePage.objects.live().filter(locale__language_code="ru")
    assert russian.count() >= 5
    home = client.get("/ru/").content.decode()
    assert '<html lang="ru">' in home and "Политика" in home
    shared = [a for a in russian if a.get_translations().live().exists()]
    assert len(shared) == 1
    english = shared[0].get_translations().live().get()
    html = client.get(english.url).content.decode()
    assert f'href="{shared[0].url}" hreflang="ru"' in html
    article = client.get(shared[0].url).content.decode()
    assert "Хорошо, что об этом написали подробно" in article  # a Russian demo thread


def test_demo_editor_can_open_the_admin(client: Client) -> None:
    load_demo_content_once(stdout=io.StringIO())
    editor: Any = get_user_model().objects.get(username="editor")
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 200


def test_the_demo_fills_the_queues_without_blocking_a_demo_account(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """With the engine on (as in ``decorum serve``), the demo's rule-breaking comments land in
    the queues, and no demo account reaches the sanction ladder."""
    from decorum.community.models import Comment, CommentStatus
    from decorum.enforcement import engine_adapter
    from decorum.enforcement.models import Block

    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    engine_adapter.clear_caches()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_content_once(stdout=io.StringIO())
    assert Comment.objects.filter(status=CommentStatus.REJECTED).count() >= 2
    assert Comment.objects.filter(status=CommentStatus.PENDING).exists()
    # The only block is the moderation history's, on an author nobody logs in as.
    accounts = [person.username for person in read_people().accounts]
    assert not Block.objects.filter(user__username__in=accounts).exists()


def test_a_demo_reader_is_not_blocked_by_their_first_rejected_comment(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The demo's rejected comments belong to authors nobody logs in as, so every demo
    account starts with a clean record and can try a rejection without being blocked."""
    from decorum.community.actions import post_comment
    from decorum.community.models import CommentStatus
    from decorum.enforcement import engine_adapter
    from decorum.enforcement.models import Block
    from decorum.enforcement.sanctions import rejections_within
    from decorum.news.models import ArticlePage

    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    engine_adapter.clear_caches()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_content_once(stdout=io.StringIO())
    users = get_user_model().objects
    for person in read_people().accounts:
        assert rejections_within(users.get(username=person.username), 30) == 0, person.username
    reader = users.get(username="reader")
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(
            author=reader,
            article=article,
            text="You are all pathetic idiots and morons.",
            enforce_rate_limit=False,
        )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert not Block.objects.filter(user=reader).exists()


def test_the_demo_has_four_weeks_of_moderation_history_for_the_charts(client: Client) -> None:
    """Comments spread over four weeks with engine and moderator decisions, reports, appeals
    and a block, all by authors nobody logs in as; the statistics page draws them."""
    import time

    from decorum.community.models import Comment, CommentStatus
    from decorum.enforcement.models import Appeal, Block, Decision, DecisionSource
    from decorum.enforcement.sanctions import rejections_within

    started = time.monotonic()
    load_demo_content_once(stdout=io.StringIO())
    assert time.monotonic() - started < 30
    history = Comment.objects.filter(author__username__startswith="demo-history-")
    assert history.count() > 80
    days = {c.created_at.date() for c in history}
    assert len(days) >= 25
    assert history.filter(status=CommentStatus.REJECTED).count() > 10
    assert history.filter(status=CommentStatus.PENDING).exists()
    assert Decision.objects.filter(source=DecisionSource.MODERATOR).count() > 10
    assert set(Appeal.objects.values_list("status", flat=True)) == {"granted", "denied"}
    people = read_people()
    assert Block.objects.get().user.username == people.history_troll
    users = get_user_model().objects
    for person in people.history_authors:
        assert not users.get(username=person.username).has_usable_password()
    for person in read_people().accounts:
        assert rejections_within(users.get(username=person.username), 30) == 0, person.username

    admin: Any = users.get(username="admin")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/moderation/stats/").content.decode()
    assert page.count("<rect") > 100  # bars drawn, not empty axes
    report = client.get("/moderation/transparency/", {"format": "json"})
    assert report.status_code == 200
