"""Account deletion: deactivated at once, comments hidden, a 30-day restore link, then erasure."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from decorum.accounts.deletion import delete_account_by_moderator, purge_deleted_accounts
from decorum.accounts.models import AccountDeletion
from decorum.community.actions import post_comment
from decorum.core.errors import PermissionDenied
from decorum.enforcement.models import AuditEntry
from tests.community.conftest import make_page
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
TEXT = "The bridge repairs took far too long, but the result looks solid."


@pytest.fixture(autouse=True)
def _cache() -> None:
    cache.clear()


def _delete(client: Client, user: Any, capture: Any) -> str:
    login(client, user)
    with capture(execute=True):
        response = client.post("/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    link = re.search(r"http://\S+/restore-account/\S+/", mail.outbox[-1].body)
    assert link is not None
    return link.group(0).split("://", 1)[1].split("/", 1)[1]


def test_deleting_hides_comments_and_deactivates_and_the_link_restores_everything(
    client: Client, reader: Any, second_reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = make_page("Harbour bridge reopens")
    post_comment(author=reader, article=page, text=TEXT, screen=False)
    wrong = login(client, reader).post("/profile/delete/", {"password": "nope"})
    assert wrong.status_code == 400 and "not correct" in wrong.content.decode()
    path = _delete(client, reader, django_capture_on_commit_callbacks)
    reader.refresh_from_db()
    assert not reader.is_active and reader.comments_hidden
    login(client, second_reader)
    assert TEXT not in client.get(page.url).content.decode()
    assert Client().post(
        "/accounts/login/", {"login": reader.email, "password": PASSWORD}
    ).status_code in (200, 302)
    assert not reader.is_active

    anonymous = Client()
    assert "Restore my account" in anonymous.get(f"/{path}").content.decode()
    assert anonymous.post(f"/{path}").status_code == 302
    reader.refresh_from_db()
    assert reader.is_active and not reader.comments_hidden
    assert TEXT in client.get(page.url).content.decode()
    assert anonymous.post(f"/{path}").status_code == 404  # single use
    assert AuditEntry.objects.filter(action="account.restored").exists()


def test_the_link_expires_after_30_days_and_the_purge_erases_personal_data(
    client: Client, reader: Any, second_reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = make_page("Tram timetable")
    comment = post_comment(
        author=reader, article=page, text=TEXT, screen=False, ip_address="192.0.2.7"
    )
    path = _delete(client, reader, django_capture_on_commit_callbacks)
    assert purge_deleted_accounts() == 0  # too early: nothing happens
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        assert Client().get(f"/{path}").status_code == 410
        call_command("purge_deleted_accounts", verbosity=0)
    reader.refresh_from_db()
    assert reader.erased_at is not None and reader.email == "" and not reader.has_usable_password()
    assert reader.username.startswith("erased-") and reader.display_name == ""
    assert not EmailAddress.objects.filter(user=reader).exists()
    comment.refresh_from_db()
    assert comment.ip_address is None
    login(client, second_reader)
    html = client.get(page.url).content.decode()
    assert TEXT in html and "Deleted account" in html  # kept, anonymised
    entries = AuditEntry.objects.filter(actor_id=reader.pk)
    assert not entries.exists()
    purged = AuditEntry.objects.get(action="account.purged")
    assert purged.actor is None and "reader" not in str(purged.details)
    assert AccountDeletion.objects.get(user=reader).purged_at is not None


def test_a_moderator_deletes_an_account_with_or_without_a_restore_link(
    reader: Any, second_reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        delete_account_by_moderator(user=reader, moderator=moderator)
    assert "restore-account" not in mail.outbox[-1].body  # the policy's default: no link
    assert AccountDeletion.objects.get(user=reader).token_hash == ""
    with django_capture_on_commit_callbacks(execute=True):
        delete_account_by_moderator(user=second_reader, moderator=moderator, send_restore_link=True)
    assert "restore-account" in mail.outbox[-1].body


def test_readers_cannot_delete_other_accounts(
    client: Client, reader: Any, second_reader: Any
) -> None:
    login(client, reader)
    response = client.post(f"/moderation/users/{second_reader.public_id}/delete/")
    assert response.status_code == 403
    second_reader.refresh_from_db()
    assert second_reader.is_active
    with pytest.raises(PermissionDenied):
        delete_account_by_moderator(user=second_reader, moderator=reader)
