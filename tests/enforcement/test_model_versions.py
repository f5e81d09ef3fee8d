"""An administrator puts a retrained classifier model in force and goes back to the shipped
one, over HTTP; comments are then screened by the model in force."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from decorum.community.actions import post_comment
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import AuditEntry, Decision, ModelVersion
from decorum.moderation.detectors.classifier import MANIFEST_FILE, MODEL_FILE, models_dir
from tests.community.conftest import make_page
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/moderation/models/"
NAME = "site-20261127-1000"


@pytest.fixture(autouse=True)
def models_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A models folder holding one retrained model (the shipped files under a site name:
    the layout ``decorum train --extra`` writes)."""
    root = tmp_path / "models"
    (root / NAME).mkdir(parents=True)
    for name in (MODEL_FILE, MANIFEST_FILE):
        shutil.copy(models_dir() / name, root / NAME / name)
    (root / "site-broken").mkdir()
    settings.DECORUM_ENFORCEMENT_MODELS_DIR = str(root)
    cache.clear()
    engine_adapter.clear_caches()
    yield root
    cache.clear()
    engine_adapter.clear_caches()


def _row(html: str, name: str) -> str:
    start = html.index(f'data-model="{name}"')
    return html[start : html.index("</tr>", start)]


def test_an_admin_puts_a_model_in_force_and_goes_back_to_the_shipped_one(
    client: Client, admin_user: Any, models_root: Path
) -> None:
    login(client, admin_user)
    page = client.get(URL).content.decode()
    assert 'data-in-force="yes"' in _row(page, "shipped")
    assert "Put in force" in _row(page, NAME)

    response = client.post(URL, {"what": "model", "name": NAME})
    assert response.status_code == 302
    record = ModelVersion.objects.get(in_force=True)
    assert (record.name, record.put_in_force_by) == (NAME, admin_user)
    assert engine_adapter.model_in_force() == str(models_root / NAME)
    page = client.get(URL).content.decode()
    assert 'data-in-force="yes"' in _row(page, NAME)
    assert "Back to the shipped model" in _row(page, "shipped")
    entry = AuditEntry.objects.get(action="model.put_in_force")
    assert entry.actor == admin_user and entry.details == {"model": NAME, "previous": "shipped"}

    response = client.post(URL, {"what": "shipped"})
    assert response.status_code == 302
    assert not ModelVersion.objects.filter(in_force=True).exists()
    assert engine_adapter.model_in_force() == ""
    assert AuditEntry.objects.get(action="model.shipped_in_force").details == {
        "model": "shipped",
        "previous": NAME,
    }
    assert 'data-in-force="yes"' in _row(client.get(URL).content.decode(), "shipped")


def test_a_directory_that_is_no_model_or_outside_the_folder_is_refused(
    client: Client, admin_user: Any
) -> None:
    login(client, admin_user)
    broken = client.post(URL, {"what": "model", "name": "site-broken"})
    assert broken.status_code == 400
    assert "classifier.npz is missing" in broken.content.decode()
    for name in ("../models/" + NAME, "site-missing", ""):
        response = client.post(URL, {"what": "model", "name": name})
        assert response.status_code == 400, name
        assert "There is no such model." in response.content.decode()
    assert not ModelVersion.objects.filter(in_force=True).exists()
    assert not AuditEntry.objects.filter(action="model.put_in_force").exists()


def test_strangers_and_moderators_may_not_see_or_change_the_model(
    client: Client, outsider: Any, moderator: Any
) -> None:
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    for user in (outsider, moderator):
        login(client, user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"what": "model", "name": NAME}).status_code == 403
    assert not ModelVersion.objects.exists()
    assert engine_adapter.model_in_force() == ""


def test_a_post_without_the_csrf_token_is_refused(admin_user: Any) -> None:
    client = login(Client(enforce_csrf_checks=True), admin_user)
    assert client.post(URL, {"what": "model", "name": NAME}).status_code == 403
    assert not ModelVersion.objects.exists()


def test_comments_are_screened_by_the_model_in_force(
    settings: Any,
    client: Client,
    admin_user: Any,
    reader: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    settings.DECORUM_JOBS_EAGER = True
    settings.DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
    article = make_page("Harbour bridge reopens after repairs")
    text = "The new bridge should cut my commute by ten minutes, which is good news."

    def screened_by() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            comment = post_comment(author=reader, article=article, text=text)
        return Decision.objects.get(comment=comment).engine_version

    shipped = screened_by()
    login(client, admin_user)
    client.post(URL, {"what": "model", "name": NAME})
    # The engine's version names the classifier model that decided (a digest of the detectors'
    # versions and the model's name): only the model changed here.
    retrained = screened_by()
    assert retrained != shipped
    client.post(URL, {"what": "shipped"})
    assert screened_by() == shipped
