"""The signing key: never the constant once published in the source, kept private on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing

from decorum.settings.env import PUBLISHED_INSECURE_KEY, embedded_secret_key
from tests.conftest import make_user


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DECORUM_"))}
    env.update(extra)
    return env


def test_the_embedded_default_makes_a_private_key_once_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DECORUM_SECRET_KEY", raising=False)
    first = embedded_secret_key(tmp_path)
    assert first == embedded_secret_key(tmp_path)
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert len(first) >= 32 and first != PUBLISHED_INSECURE_KEY
    other = tmp_path / "other"
    other.mkdir()
    assert embedded_secret_key(other) != first


def test_a_readable_key_file_is_made_private_and_an_empty_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DECORUM_SECRET_KEY", raising=False)
    embedded_secret_key(tmp_path)
    (tmp_path / "secret_key").chmod(0o644)
    embedded_secret_key(tmp_path)
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(Exception, match=r"secret key in .* is missing"):
        embedded_secret_key(tmp_path)


def test_the_environment_key_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECORUM_SECRET_KEY", "k" * 40)
    assert embedded_secret_key(tmp_path) == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_the_test_site_does_not_sign_with_the_published_constant() -> None:
    assert settings.SECRET_KEY != PUBLISHED_INSECURE_KEY


@pytest.mark.django_db
def test_a_confirmation_forged_with_the_published_key_confirms_nothing(
    client: Any, django_user_model: Any
) -> None:
    victim = make_user(django_user_model, "victim@example.com")
    address = EmailAddress.objects.create(user=victim, email="not-theirs@example.com")
    forged = signing.dumps(address.pk, salt="account", key=PUBLISHED_INSECURE_KEY)
    client.get(f"/accounts/confirm-email/{forged}/")
    client.post(f"/accounts/confirm-email/{forged}/")
    address.refresh_from_db()
    assert not address.verified


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "DECORUM_SECRET_KEY must be set"),
        (PUBLISHED_INSECURE_KEY, "not the example from the source"),
        ("short", "at least 32 characters"),
    ],
)
def test_production_refuses_to_start_without_its_own_key(
    tmp_path: Path, key: str | None, message: str
) -> None:
    extra = {
        "DECORUM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "decorum.settings.production",
    }
    if key is not None:
        extra["DECORUM_SECRET_KEY"] = key
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert message.replace("must be set", "") in run.stderr


def test_check_deploy_flags_the_published_constant(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "decorum.cli", "manage", "check", "--deploy"],
        env=_env(DECORUM_DATA_DIR=str(tmp_path), DECORUM_SECRET_KEY=PUBLISHED_INSECURE_KEY),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "decorum.E001" in run.stderr, run.stderr[-2000:]
    assert run.returncode != 0
