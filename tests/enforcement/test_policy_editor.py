"""The policy in the database: admins edit it through the site, every save is checked as the
engine reads it and stored as a new version, and the engine's adapter follows the new version."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.forms import BooleanField
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from decorum.community.standards import current_standards
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import AuditEntry, Decision, PolicyVersion
from tests.community.conftest import make_page, post
from tests.conftest import login

BENIGN = "The new bridge should cut my commute by ten minutes, which is good news for the town."

pytestmark = pytest.mark.django_db

URL = "/moderation/policy/"


@pytest.fixture(autouse=True)
def _fresh_policy() -> Any:
    engine_adapter.clear_caches()
    yield
    engine_adapter.clear_caches()


def _form_data(form: Any) -> dict[str, str]:
    """What a browser sends for the settings form as rendered (a ticked box sends "on")."""
    data: dict[str, str] = {"what": "settings"}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data


def _settings_post(client: Client, **overrides: str) -> Any:
    data = _form_data(client.get(URL).context["form"])
    data["note"] = "tuning"
    data.update({k: v for k, v in overrides.items() if v})
    for k in [k for k, v in overrides.items() if not v]:
        data.pop(k, None)  # an empty override is an unticked box
    return client.post(URL, data)


def test_readers_moderators_and_editors_cannot_open_or_change_the_policy(
    client: Client, reader: Any, moderator: Any, editor: Any
) -> None:
    assert client.get(URL).status_code == 302  # to the login page
    for user in (reader, moderator, editor):
        login(client, user)
        assert client.get(URL).status_code == 403
        response = client.post(URL, {"what": "yaml", "text": "version: x"})
        assert response.status_code == 403
    assert PolicyVersion.objects.count() == 0


def test_an_admin_disables_a_rule_and_changes_a_threshold_as_a_new_version(
    client: Client, admin_user: Any
) -> None:
    shipped = engine_adapter.policy_version()
    login(client, admin_user)
    assert client.get(URL).status_code == 200
    response = _settings_post(
        client,
        **{"threshold-spam": "0.8", "action-spam": "queue", "publisher_names": "Daily Bugle"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    saved = PolicyVersion.objects.get()
    assert saved.number == 1 and saved.created_by == admin_user and saved.note == "tuning"
    assert saved.version == f"{shipped}.r1"
    assert engine_adapter.policy_version() == saved.version
    settings = client.get(URL).context["settings"]
    spam = next(r for r in settings.rules if r.id == "spam")
    assert (spam.threshold, spam.action) == (0.8, "queue")
    assert settings.publisher_names == ("Daily Bugle",)

    # an unticked box turns a rule off; the standards page stops listing it
    assert "formatting" in current_standards().rule_ids
    assert _settings_post(client, **{"enabled-formatting": ""}).status_code == 302
    assert "formatting" not in current_standards().rule_ids
    assert AuditEntry.objects.filter(action="policy.saved").count() == 2


def test_invalid_yaml_is_refused_with_the_line_and_field_and_nothing_is_stored(
    client: Client, admin_user: Any
) -> None:
    login(client, admin_user)
    text = engine_adapter.shipped_policy_text().replace("threshold: 0.5", "threshold: 7", 1)
    response = client.post(URL, {"what": "yaml", "text": text})
    assert response.status_code == 400
    error = response.context["error"]
    assert "threshold" in error and "line" in error
    assert response.context["text"] == text  # what the admin typed is kept
    broken = client.post(URL, {"what": "yaml", "text": "rules: [\n  - id: x\n"})
    assert broken.status_code == 400 and "YAML" in broken.context["error"]
    assert PolicyVersion.objects.count() == 0
    assert engine_adapter.policy_in_force()[0] == 0


def test_a_threshold_that_is_not_a_number_is_refused_on_its_field(
    client: Client, admin_user: Any
) -> None:
    login(client, admin_user)
    response = _settings_post(client, **{"threshold-hate": "lots"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"threshold-hate": ["Enter a number."]}
    assert PolicyVersion.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("threshold-hate", "1.5", "rule 'hate': threshold: must be a number between 0 and 1"),
        (
            "review-threshold-hate",
            "0.8",
            "rule 'hate': review_threshold: must not be above the threshold",
        ),
    ],
)
def test_an_invalid_threshold_shows_the_engines_message_on_its_field_and_stores_nothing(
    client: Client, admin_user: Any, field: str, value: str, message: str
) -> None:
    login(client, admin_user)
    response = _settings_post(client, **{field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {field: [message]}
    assert form[field].value() == value  # what the admin typed is kept
    html = response.content.decode()
    row = html[html.index('<tr data-rule="hate">') : html.index('<tr data-rule="minors">')]
    assert escape(message) in row
    assert PolicyVersion.objects.count() == 0
    assert not AuditEntry.objects.filter(action="policy.saved").exists()
    assert engine_adapter.policy_in_force()[0] == 0


def test_a_valid_change_is_a_new_version_that_screening_uses_without_parsing_it_again(
    client: Client,
    admin_user: Any,
    reader: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    cache.clear()
    page = make_page("Harbour bridge reopens after repairs")
    login(client, admin_user)
    response = _settings_post(client, **{"threshold-spam": "0.7", "action-spam": "queue"})
    assert response.status_code == 302, response.content.decode()[:500]
    saved = PolicyVersion.objects.get()
    parses = engine_adapter.policy_parses()

    login(client, reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, page, BENIGN).status_code == 302
    decision = Decision.objects.get(comment__text=BENIGN)
    assert decision.policy_version == saved.version
    assert engine_adapter.policy_parses() == parses  # the saved version was parsed once
    spam = next(r for r in engine_adapter.policy_settings().rules if r.id == "spam")
    assert (spam.threshold, spam.action) == (0.7, "queue")


def test_going_back_to_an_old_version_saves_it_again(client: Client, admin_user: Any) -> None:
    login(client, admin_user)
    assert _settings_post(client, **{"threshold-spam": "0.9"}).status_code == 302
    assert _settings_post(client, **{"threshold-spam": "0.3"}).status_code == 302
    response = client.post(URL, {"what": "restore", "number": "1"})
    assert response.status_code == 302
    assert list(PolicyVersion.objects.values_list("number", flat=True)) == [3, 2, 1]
    spam = next(r for r in client.get(URL).context["settings"].rules if r.id == "spam")
    assert spam.threshold == 0.9
    assert engine_adapter.policy_version().endswith(".r3")
    assert reverse("enforcement_policy:edit") == URL


def test_an_empty_policy_is_refused(client: Client, admin_user: Any) -> None:
    login(client, admin_user)
    response = client.post(URL, {"what": "yaml", "text": "   "})
    assert response.status_code == 400 and "empty" in response.context["error"]
    assert PolicyVersion.objects.count() == 0
