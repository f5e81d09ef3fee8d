"""Blocks, the sanction ladder and appeals, through HTTP and the stored state."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from decorum.community.actions import post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.core.errors import PermissionDenied
from decorum.core.models import JobFailure
from decorum.enforcement.actions import reject_comment
from decorum.enforcement.appeals import decide_appeal
from decorum.enforcement.models import AccountNotice, Appeal, AuditEntry, Block
from decorum.enforcement.sanctions import block_user, lift_block
from tests.community.conftest import make_page, post
from tests.conftest import PASSWORD, login, make_user

pytestmark = pytest.mark.django_db

EXPLANATION = "I was quoting the article, not insulting anyone; please look again."


@pytest.fixture(autouse=True)
def _clean_cache(settings: Any) -> None:
    cache.clear()
    settings.DECORUM_JOBS_EAGER = True  # notice e-mails are jobs: run them in the test's thread


@pytest.fixture
def second_moderator(django_user_model: Any, moderator: Any) -> Any:
    user = make_user(django_user_model, "mod2@example.org", is_staff=True, groups=("Moderators",))
    return user


def _block_over_http(client: Client, moderator: Any, user: Any, **data: str) -> Any:
    login(client, moderator)
    fields = {
        "scope": "site",
        "reason": "Repeated insults towards other readers.",
        "confirm": "yes",  # a site block asks first; the confirmation page sends this
        **data,
    }
    return client.post(f"/moderation/users/{user.public_id}/block/", fields)


def test_a_blocked_reader_can_read_but_not_comment_and_sees_why(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = make_page("Harbour bridge reopens")
    with django_capture_on_commit_callbacks(execute=True):
        response = _block_over_http(client, moderator, reader, rule="insults_threats")
    assert response.status_code == 302
    block = Block.objects.get(user=reader)
    assert (block.scope, block.moderator, block.final, block.rule) == (
        "site",
        moderator,
        False,
        "insults_threats",
    )
    assert len(mail.outbox) == 1 and "Repeated insults" in mail.outbox[0].body
    login(client, reader)
    html = client.get(page.url).content.decode()
    assert "blocked from commenting on this site" in html and 'id="comment-form"' not in html
    refused = post(client, page, "Let me in")
    assert refused.status_code == 403
    assert Comment.objects.count() == 0
    account = client.get("/profile/").content.decode()
    assert "Repeated insults towards other readers." in account
    assert "/appeals/new/?subject=account" in account
    assert AuditEntry.objects.filter(action="user.blocked").exists()


def test_blocking_from_one_article_leaves_the_others_open(
    client: Client, reader: Any, moderator: Any
) -> None:
    page, other = make_page("Bridge"), make_page("Library")
    response = _block_over_http(client, moderator, reader, scope="article", article=str(page.pk))
    assert response.status_code == 302
    login(client, reader)
    assert post(client, page, "Still here").status_code == 403
    assert post(client, other, "Fine here").status_code == 302


def test_without_notice_sends_no_email_but_the_account_shows_the_reasons(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _block_over_http(client, moderator, reader, without_notice="on")
    assert mail.outbox == []
    assert AccountNotice.objects.get(user=reader).body.count("Repeated insults") == 1
    login(client, reader)
    assert "Repeated insults" in client.get("/profile/").content.decode()


def test_a_mail_server_that_is_down_does_not_undo_the_block(
    client: Client,
    reader: Any,
    moderator: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _block_over_http(client, moderator, reader)
    assert response.status_code == 302
    assert Block.objects.filter(user=reader, lifted_at__isnull=True).exists()
    assert AccountNotice.objects.filter(user=reader).exists()
    [failure] = JobFailure.objects.all()
    assert failure.job.endswith("tasks.send_notice_email") and failure.stage == "run"


def test_a_blocked_login_shows_why_and_how_to_appeal(reader: Any, moderator: Any) -> None:
    block_user(user=reader, scope="site", moderator=moderator, reason="Spam links every day.")
    client = Client()
    response = client.post(
        "/accounts/login/?next=/profile/",
        {"login": reader.email, "password": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert "You are blocked from commenting on the whole site" in html
    assert "Spam links every day." in html and "/profile/#sanctions" in html


def test_the_sanction_ladder_blocks_a_repeat_offender(reader: Any, moderator: Any) -> None:
    page = make_page("Tram timetable")
    comments = [
        post_comment(author=reader, article=page, text=f"Comment number {i}", screen=False)
        for i in range(3)
    ]
    for comment in comments[:2]:
        reject_comment(comment=comment, moderator=moderator, rule="spam")
    assert not Block.objects.filter(user=reader).exists()
    reject_comment(comment=comments[2], moderator=moderator, rule="spam")
    block = Block.objects.get(user=reader)
    assert (block.scope, block.moderator, block.rule) == ("site", None, "spam")
    assert "3 of your comments were rejected within 7 days" in block.reason
    with pytest.raises(PermissionDenied):
        post_comment(author=reader, article=page, text="Another one")


def test_a_blocked_user_appeals_and_a_second_moderator_restores_them(
    client: Client,
    reader: Any,
    moderator: Any,
    second_moderator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = make_page("Harbour bridge reopens")
    block_user(user=reader, scope="site", moderator=moderator, reason="Insults.")
    login(client, reader)
    form = client.get("/appeals/new/?subject=account").content.decode()
    assert f'value="{reader.public_id}"' in form
    wrong = client.post(
        "/appeals/new/",
        {"subject": "account", "public_id": "U-NOTME", "explanation": EXPLANATION},
    )
    assert wrong.status_code == 400 and "does not match your account" in wrong.content.decode()
    short = client.post(
        "/appeals/new/", {"subject": "account", "public_id": reader.public_id, "explanation": "x"}
    )
    assert short.status_code == 400
    sent = client.post(
        "/appeals/new/",
        {"subject": "account", "public_id": reader.public_id, "explanation": EXPLANATION},
    )
    assert sent.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.original_decider) == ("open", moderator)

    login(client, reader)
    assert client.get("/moderation/appeals/").status_code == 403
    assert (
        client.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "grant"}).status_code == 403
    )

    login(client, moderator)
    assert f'data-appeal-id="{appeal.pk}"' in client.get("/moderation/appeals/").content.decode()
    own = client.post(
        f"/moderation/appeals/{appeal.pk}/", {"decision": "grant", "reason": "I was wrong"}
    )
    assert own.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "open"

    mail.outbox.clear()
    login(client, second_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            f"/moderation/appeals/{appeal.pk}/",
            {"decision": "grant", "reason": "It was a quote."},
        )
    assert decided.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by) == ("granted", second_moderator)
    assert Block.objects.get(user=reader).lifted_at is not None
    assert "Your appeal was granted" in mail.outbox[0].subject
    login(client, reader)
    assert post(client, page, "Thank you for looking again").status_code == 302
    assert "granted" in client.get("/profile/").content.decode()


def test_a_second_site_block_is_final_and_cannot_be_appealed(
    client: Client, reader: Any, moderator: Any, admin_user: Any
) -> None:
    first = block_user(user=reader, scope="site", moderator=moderator, reason="Insults.")
    lift_block(block=first, by=admin_user, reason="Appeal granted.")
    second = block_user(user=reader, scope="site", moderator=moderator, reason="Insults again.")
    assert second.final and not first.final
    login(client, reader)
    page = client.get("/appeals/new/?subject=account").content.decode()
    assert "final and cannot be appealed" in page
    refused = client.post(
        "/appeals/new/",
        {"subject": "account", "public_id": reader.public_id, "explanation": EXPLANATION},
    )
    assert refused.status_code == 400 and "final" in refused.content.decode()
    assert Appeal.objects.count() == 0
    with pytest.raises(PermissionDenied):
        lift_block(block=second, by=moderator, reason="Be kind")


def test_an_automatic_rejection_is_appealed_and_a_person_publishes_the_comment(
    client: Client, reader: Any, moderator: Any
) -> None:
    page = make_page("Tram timetable")
    comment = post_comment(author=reader, article=page, text="A fine comment", screen=False)
    reject_comment(comment=comment, moderator=moderator, rule="spam")
    login(client, reader)
    html = client.get(page.url).content.decode()
    assert f"/appeals/new/?comment={comment.pk}" in html
    sent = client.post(
        "/appeals/new/",
        {
            "subject": "comment",
            "public_id": reader.public_id,
            "explanation": EXPLANATION,
            "comment": str(comment.pk),
        },
    )
    assert sent.status_code == 302
    appeal = Appeal.objects.get()
    with pytest.raises(PermissionDenied):
        decide_appeal(appeal=appeal, moderator=moderator, grant=True, reason="mine")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    second = make_user(type(reader), "mod3@example.org", is_staff=True, groups=("Moderators",))
    decide_appeal(appeal=appeal, moderator=second, grant=True, reason="Not spam after all.")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_an_appeal_window_is_enforced(client: Client, reader: Any, moderator: Any) -> None:
    block = block_user(user=reader, scope="site", moderator=moderator, reason="Insults.")
    from datetime import timedelta

    from django.utils import timezone

    Block.objects.filter(pk=block.pk).update(created_at=timezone.now() - timedelta(days=200))
    login(client, reader)
    refused = client.post(
        "/appeals/new/",
        {"subject": "account", "public_id": reader.public_id, "explanation": EXPLANATION},
    )
    assert refused.status_code == 400 and "can still be appealed" in refused.content.decode()
