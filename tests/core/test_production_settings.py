"""Production settings from the environment: the database URL, the required public address,
``check --deploy`` clean with a realistic environment, and proxy headers believed only from
the trusted proxies."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from decorum.settings.env import database_from_url


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DECORUM_")
        # the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this process
        and k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="decorum.settings.production",
        DECORUM_DATA_DIR=str(tmp_path),
        DECORUM_SECRET_KEY=secrets.token_urlsafe(50)[:50],
        DECORUM_BASE_URL="https://news.example.org",
        DATABASE_URL="postgresql://decorum:s3cret@db.example.internal:5432/decorum",
        REDIS_URL="redis://cache.example.internal:6379/0",
        DECORUM_BROKER_URL="amqp://decorum:s3cret@mq.example.internal:5672//",
        DECORUM_EMAIL_HOST="smtp.example.org",
        DECORUM_EMAIL_USER="news",
        DECORUM_EMAIL_PASSWORD="s3cret",
        DECORUM_BEHIND_PROXY="true",
        DECORUM_TRUSTED_PROXIES="127.0.0.1",
    )
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_it_parses_a_postgresql_url_with_escaped_password_and_options() -> None:
    db = database_from_url(
        "postgresql://news%40site:p%2Fss%40w@db.internal:6543/decorum?sslmode=require"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "news@site",
        "p/ss@w",
        "db.internal",
        6543,
        "decorum",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_it_reads_a_unix_socket_directory_from_the_url() -> None:
    db = database_from_url("postgres:///decorum?host=/run/postgresql")
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("/run/postgresql", "", "decorum")


@pytest.mark.parametrize(
    "url",
    ["mysql://u:p@h/decorum", "sqlite:///tmp/x.db", "postgresql://h:5432/", "postgresql://h:x/db"],
)
def test_it_refuses_a_database_url_that_is_not_postgresql_or_is_incomplete(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_check_deploy_is_clean_with_a_realistic_production_environment(tmp_path: Path) -> None:
    run = _run(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "no issues" in run.stdout


def test_production_settings_come_from_the_urls_and_fall_back_to_the_old_names(
    tmp_path: Path,
) -> None:
    show = (
        "from django.conf import settings as s; import json; d = s.DATABASES['default']; "
        "print(json.dumps([d['HOST'], d['NAME'], d['USER'], s.CACHES['default']['LOCATION'], "
        "s.DECORUM_CELERY_BROKER_URL, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, "
        "s.WAGTAILADMIN_BASE_URL, s.EMAIL_HOST, list(s.SECURE_PROXY_SSL_HEADER)]))"
    )
    code = f"import django; django.setup(); {show}"
    env = _production_env(tmp_path)
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == (
        '["db.example.internal", "decorum", "decorum", "redis://cache.example.internal:6379/0", '
        '"amqp://decorum:s3cret@mq.example.internal:5672//", ["news.example.org"], '
        '["https://news.example.org"], "https://news.example.org", "smtp.example.org", '
        '["HTTP_X_FORWARDED_PROTO", "https"]]'
    )
    for name in ("DATABASE_URL", "REDIS_URL", "DECORUM_BROKER_URL"):
        del env[name]
    env.update(
        DECORUM_DB_HOST="olddb",
        DECORUM_DB_NAME="oldname",
        DECORUM_DB_USER="olduser",
        DECORUM_REDIS_URL="redis://oldcache:6379/2",
        DECORUM_CELERY_BROKER_URL="amqp://oldmq//",
    )
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith(
        '["olddb", "oldname", "olduser", "redis://oldcache:6379/2", "amqp://oldmq//"'
    )


@pytest.mark.parametrize(
    ("base_url", "message"),
    [(None, "DECORUM_BASE_URL must be set"), ("news.example.org", "must be the site's address")],
)
def test_production_refuses_to_start_without_its_public_address(
    tmp_path: Path, base_url: str | None, message: str
) -> None:
    env = _production_env(tmp_path)
    if base_url is None:
        del env["DECORUM_BASE_URL"]
    else:
        env["DECORUM_BASE_URL"] = base_url
    run = _run(env, "check")
    assert run.returncode != 0
    assert message in run.stderr


def test_check_deploy_fails_behind_a_proxy_that_is_not_trusted(tmp_path: Path) -> None:
    run = _run(_production_env(tmp_path, DECORUM_TRUSTED_PROXIES=""), "check", "--deploy")
    assert run.returncode != 0
    assert "decorum.E003" in run.stderr


def _https_behind_proxy(settings: Any, proxies: list[str]) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.DECORUM_TRUSTED_PROXIES = proxies


@pytest.mark.django_db
def test_https_is_believed_from_a_trusted_proxy(client: Client, settings: Any) -> None:
    _https_behind_proxy(settings, ["127.0.0.1"])
    response = client.get("/favicon.ico", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302  # the favicon's own redirect, not one to HTTPS
    assert response["Location"] == "/static/decorum/favicon.svg"


@pytest.mark.django_db
def test_https_claimed_by_a_client_outside_the_proxies_is_not_believed(
    client: Client, settings: Any
) -> None:
    _https_behind_proxy(settings, ["10.0.0.0/8"])
    response = client.get("/favicon.ico", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
