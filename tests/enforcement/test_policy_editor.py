"""The policy in the database: admins edit it through the site, every save is checked as the
engine reads it and stored as a new version, and the engine's adapter follows the new version."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from decorum.community.standards import current_standards
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import AuditEntry, PolicyVersion
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/moderation/policy/"


@pytest.fixture(autouse=True)
def _fresh_policy() -> Any:
    engine_adapter.clear_caches()
    yield
    engine_adapter.clear_caches()


def _settings_post(client: Client, **overrides: str) -> Any:
    page = client.get(URL)
    settings = page.context["settings"]
    data: dict[str, str] = {"what": "settings", "note": "tuning"}
    for rule in settings.rules:
        if rule.enabled:
            data[f"enabled-{rule.id}"] = "on"
        data[f"action-{rule.id}"] = rule.action
        data[f"threshold-{rule.id}"] = str(rule.threshold)
        data[f"words-{rule.id}"] = "\n".join(rule.words)
    data["publisher_names"] = "\n".join(settings.publisher_names)
    data["allowed_domains"] = "\n".join(settings.allowed_domains)
    data["blocked_domains"] = "\n".join(settings.blocked_domains)
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


def test_a_bad_threshold_in_the_form_names_the_rule(client: Client, admin_user: Any) -> None:
    login(client, admin_user)
    response = _settings_post(client, **{"threshold-hate": "lots"})
    assert response.status_code == 400
    assert "must be a number" in response.context["error"]
    assert PolicyVersion.objects.count() == 0


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
