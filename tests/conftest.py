"""The shared cast (reader, second reader, outsider, moderator, editor, admin) and helpers."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.test import Client

PASSWORD = "correct horse battery staple 42"


def make_user(
    django_user_model: Any,
    email: str,
    *,
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: tuple[str, ...] = (),
    display_name: str = "",
) -> Any:
    username = email.split("@")[0]
    user = django_user_model.objects.create_user(
        username=username,
        email=email,
        password=PASSWORD,
        is_staff=is_staff,
        is_superuser=is_superuser,
        display_name=display_name or username.capitalize(),
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


@pytest.fixture
def reader(django_user_model: Any) -> Any:
    return make_user(django_user_model, "reader@example.com", display_name="Rita Reader")


@pytest.fixture
def second_reader(django_user_model: Any) -> Any:
    return make_user(django_user_model, "second@example.com", display_name="Sam Second")


@pytest.fixture
def outsider(django_user_model: Any) -> Any:
    return make_user(django_user_model, "outsider@example.com", display_name="Olga Outsider")


@pytest.fixture
def moderator(django_user_model: Any) -> Any:
    user = make_user(
        django_user_model,
        "moderator@example.com",
        is_staff=True,
        groups=("Moderators",),
        display_name="Mo Moderator",
    )
    # The data migration grants this to "Moderators"; a transactional test's flush drops that
    # grant, so browser tests after one would otherwise get a moderator who cannot moderate.
    moderate = Permission.objects.get(
        content_type__app_label="community", codename="moderate_comment"
    )
    Group.objects.get(name="Moderators").permissions.add(moderate)
    return user


@pytest.fixture
def editor(django_user_model: Any) -> Any:
    user = make_user(
        django_user_model,
        "editor@example.com",
        is_staff=True,
        groups=("Editors",),
        display_name="Ed Editor",
    )
    admin_access = Permission.objects.get(codename="access_admin")
    user.user_permissions.add(admin_access)
    return user


@pytest.fixture
def admin_user(django_user_model: Any) -> Any:
    return make_user(
        django_user_model,
        "admin@example.com",
        is_staff=True,
        is_superuser=True,
        display_name="Ada Admin",
    )


def login(client: Client, user: Any) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _default_language(settings: Any) -> Any:
    """Each test starts in the default language: a request to a /ru/ page leaves Russian
    active in the thread, and code reading the active edition would see it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache (the test settings' in-process one): rate-limit
    counters, cached pages and navigation must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
