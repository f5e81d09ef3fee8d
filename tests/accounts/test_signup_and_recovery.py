"""Registration with captcha and standards acceptance, confirmation, login, recovery, profile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from decorum.community.standards import current_standards
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a much longer passphrase 2026"


# The test settings switch on django-simple-captcha's documented test mode ("PASSED").


def _signup(client: Client, **overrides: str) -> Any:
    data = {
        "email": "newcomer@example.com",
        "display_name": "Nina Newcomer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "captcha_0": "test",
        "captcha_1": "PASSED",
        "accept_standards": "on",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v != "-"})


def test_signup_without_a_solved_captcha_is_refused_and_keeps_the_email(
    client: Client, django_user_model: Any
) -> None:
    response = _signup(client, captcha_1="WRONG")
    assert response.status_code == 200
    assert "do not match the picture" in response.content.decode()
    assert "newcomer@example.com" in response.content.decode()
    assert not django_user_model.objects.filter(email="newcomer@example.com").exists()


def test_signup_requires_accepting_the_community_standards(
    client: Client, django_user_model: Any
) -> None:
    response = _signup(client, accept_standards="-")
    assert "accept the community standards" in response.content.decode()
    assert 'href="/community-standards/"' in response.content.decode()
    assert not django_user_model.objects.filter(email="newcomer@example.com").exists()


def test_signup_stores_the_accepted_version_and_confirming_the_email_allows_login(
    client: Client, django_user_model: Any
) -> None:
    response = _signup(client)
    assert response.status_code == 302
    user = django_user_model.objects.get(email="newcomer@example.com")
    assert user.accepted_standards_version == current_standards().version
    assert user.accepted_standards_at is not None
    assert user.display_name == "Nina Newcomer"
    assert len(mail.outbox) == 1

    other = Client()
    refused = other.post(
        "/accounts/login/", {"login": "newcomer@example.com", "password": NEW_PASSWORD}
    )
    assert refused.status_code == 302 and "confirm-email" in refused["Location"]

    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    other.post(link.group(1))
    assert user.emailaddress_set.get().verified
    logged_in = Client().post(
        "/accounts/login/", {"login": "newcomer@example.com", "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == "/"


def test_password_recovery_needs_the_captcha_and_the_mailed_link_sets_a_new_password(
    client: Client, reader: Any
) -> None:
    refused = client.post(
        "/accounts/password/reset/",
        {"email": reader.email, "captcha_0": "test", "captcha_1": "WRONG"},
    )
    assert refused.status_code == 200 and not mail.outbox
    sent = client.post(
        "/accounts/password/reset/",
        {"email": reader.email, "captcha_0": "test", "captcha_1": "PASSED"},
    )
    assert sent.status_code == 302 and len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )
    assert link
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)
    assert not reader.check_password(PASSWORD)


def test_the_profile_shows_the_public_id_and_settings_links(client: Client, reader: Any) -> None:
    page = login(client, reader).get("/profile/").content.decode()
    assert f'<strong id="public-id">{reader.public_id}</strong>' in page
    assert "/accounts/password/change/" in page and "/accounts/email/" in page


def test_the_profile_needs_a_login(client: Client) -> None:
    response = client.get("/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signup_asks_for_a_display_name_and_stores_it_tidied(
    client: Client, django_user_model: Any
) -> None:
    form = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in form
    assert form.index('name="email"') < form.index('name="display_name"')
    assert form.index('name="display_name"') < form.index('name="password1"')

    response = _signup(client, display_name="  Nina \u00a0 Newcomer ")
    assert response.status_code == 302
    assert django_user_model.objects.get(email="newcomer@example.com").display_name == (
        "Nina Newcomer"
    )


def test_display_names_may_repeat_because_the_public_id_tells_people_apart(
    client: Client, django_user_model: Any, reader: Any
) -> None:
    assert _signup(client, display_name=reader.display_name).status_code == 302
    newcomer = django_user_model.objects.get(email="newcomer@example.com")
    assert newcomer.display_name == reader.display_name
    assert newcomer.public_id != reader.public_id


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("-", "This field is required."),
        ("   ", "This field is required."),
        ("N", "at least 2 characters"),
        ("--", "at least 2 characters"),
        ("nina@example.com", "cannot contain “@”"),
        ("Nina\u202eeremoN", "invisible or control characters"),
        ("x" * 61, "at most 60 characters"),
    ],
)
def test_signup_refuses_a_display_name_that_cannot_be_shown(
    client: Client, django_user_model: Any, display_name: str, message: str
) -> None:
    response = _signup(client, display_name=display_name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not django_user_model.objects.filter(email="newcomer@example.com").exists()
