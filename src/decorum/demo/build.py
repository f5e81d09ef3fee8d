"""Demo content, written for Decorum: loaded once on the first ``decorum serve``.

Every article in ``content/`` describes made-up events in made-up places. The marker row
``demo-content`` guards the loader, so later runs change nothing.
"""

from __future__ import annotations

import secrets
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from decorum.accounts.actions import record_standards_acceptance
from decorum.core.jobs import wait_for_jobs
from decorum.core.models import Marker
from decorum.demo.comments import add_demo_problems, add_demo_threads
from decorum.demo.editions import Built, build_edition
from decorum.demo.history import add_moderation_history
from decorum.demo.loader import Edition, Person, read_edition, read_people
from decorum.news.actions import flush_view_counts, record_view

MARKER = "demo-content"
LANGUAGES = ("en", "ru")  # a translating edition comes after the one it translates


class Output(Protocol):
    """Where the loader reports: ``sys.stdout`` or a management command's ``self.stdout``."""

    def write(self, msg: str, /) -> object: ...

    def flush(self) -> object: ...


def _make_account(person: Person, *, password: str | None, **fields: Any) -> Any:
    """A verified account that accepted the standards, as the people it stands for did when
    they signed up; ``password=None`` makes one nobody can log in as."""
    user = get_user_model().objects.create_user(
        username=person.username,
        email=person.email,
        password=password,
        display_name=person.name,
        **fields,
    )
    EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
    record_standards_acceptance(user=user)
    return user


def _make_users() -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    users: dict[str, Any] = {}
    credentials: list[tuple[str, str, str]] = []
    access_admin = Permission.objects.filter(codename="access_admin").first()
    for person in read_people().accounts:
        role = person.role
        password = secrets.token_urlsafe(12)
        user = _make_account(
            person,
            password=password,
            is_staff=role in ("moderator", "editor", "admin"),
            is_superuser=role == "admin",
        )
        if role == "moderator":
            user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        if role == "editor":
            user.groups.add(Group.objects.get_or_create(name="Editors")[0])
        if role in ("moderator", "editor") and access_admin is not None:
            user.user_permissions.add(access_admin)
        users[role] = user
        credentials.append((role, person.email, password))
    return users, credentials


def _problem_author(language: str) -> Any:
    """The edition's author of rule-breaking comments. They cannot log in: the accounts people
    try the demo with must start with no rejections, or their first rejected comment would
    reach the sanction ladder and block them from the whole site."""
    person = read_people().problem_authors[language]
    user = get_user_model().objects.filter(username=person.username).first()
    return user if user is not None else _make_account(person, password=None)


def _add_comments(edition: Edition, built: Built, users: dict[str, Any]) -> int:
    total = 0
    for thread in edition.threads:
        authors = [users[role] for role in thread.authors]
        for key in thread.articles:
            article = built.articles[key]
            total += len(add_demo_threads(article=article, authors=authors, thread=thread))
    for problems in edition.problems:
        posted = add_demo_problems(
            article=built.articles[problems.article],
            author=_problem_author(edition.language),
            problems=problems.comments,
        )
        total += len(posted)
    return total


def _add_views(articles: list[Any]) -> None:
    """Give "Most read" something to show: count some views the way readers make them."""
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
    english: list[Any], russian: list[Any], users: dict[str, Any], *, stdout: Output
) -> None:
    """Four weeks of past comments, decisions, reports, appeals and a block, so the
    moderation statistics and the transparency report have something to show. Written by
    authors nobody logs in as (see ``decorum.demo.history``)."""
    pages = [(article, "en") for article in english[:8]] + [(page, "ru") for page in russian[:3]]
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
    if Marker.objects.filter(name=MARKER).exists():
        return False
    editions = [read_edition(language) for language in LANGUAGES]
    built: dict[str, Built] = {}
    with transaction.atomic():
        Marker.objects.create(name=MARKER)
        users, credentials = _make_users()
        for edition in editions:
            built[edition.language] = build_edition(edition, sources=built)
    comments = sum(_add_comments(e, built[e.language], users) for e in editions)
    english, russian = (list(built[language].articles.values()) for language in LANGUAGES)
    _add_views(english + russian)
    path = _write_passwords(credentials)
    _add_moderation_history(english, russian, users, stdout=stdout)
    stdout.write(
        f"Loaded demo content: {len(english)} English and {len(russian)} Russian articles "
        f"in {len(built['en'].sections)} sections per edition, {comments} comments.\n"
    )
    stdout.write("Demo accounts (log in with the e-mail address):\n")
    for role, email, password in credentials:
        stdout.write(f"  {role:10} {email:32} {password}\n")
    stdout.write(f"These passwords are also in {path}\n")
    stdout.flush()
    return True
