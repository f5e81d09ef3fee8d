"""Typed environment helpers: a deployment setting that is wrong fails loudly at start-up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as err:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from err


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded default keeps its SQLite database, media and mail."""
    path = Path(env_str("DECORUM_DATA_DIR", str(Path.home() / ".decorum"))).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


# The constant the embedded default used before it kept a key of its own. Anyone could sign
# values with it (a forged e-mail confirmation key confirmed an address its sender did not own),
# so production refuses it and ``check --deploy`` reports it.
PUBLISHED_INSECURE_KEY = "embedded-default-insecure-key-change-me-in-production"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key


def embedded_secret_key(directory: Path) -> str:
    """``DECORUM_SECRET_KEY`` if set, else a random key made on first run and kept in
    ``directory`` (mode 600), so each installation signs with a key nobody else knows."""
    configured = os.environ.get("DECORUM_SECRET_KEY", "")
    if configured:
        return configured
    path = directory / SECRET_KEY_FILE
    try:
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        # an empty file is what a crash between create and write leaves behind
        raise ImproperlyConfigured(
            f"The secret key in {path} is missing or shorter than 32 characters; "
            "delete the file to have a new one made (signed links and sessions then expire)."
        )
    return key


def production_secret_key() -> str:
    """Production signs with its own key, set in the environment, never a published one."""
    key = env_str("DECORUM_SECRET_KEY")
    if key == PUBLISHED_INSECURE_KEY or len(key) < 32:
        raise ImproperlyConfigured(
            "DECORUM_SECRET_KEY must be a random value of at least 32 characters, not the "
            "example from the source; make one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


def env_first(names: tuple[str, ...], default: str | None = None) -> str:
    """The first of ``names`` that is set (the preferred name first, older names after it)."""
    for name in names:
        value = os.environ.get(name, "")
        if value:
            return value
    if default is None:
        raise ImproperlyConfigured(f"The environment variable {names[0]} must be set.")
    return default


POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql"})


def database_from_url(url: str) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from ``postgresql://user:password@host:port/name?options``.

    User, password and name are percent-decoded (a password may hold ``@`` or ``/`` written as
    ``%40`` and ``%2F``); the query string becomes connection options (``sslmode=require``), and
    ``?host=/run/postgresql`` names a Unix socket directory. Only PostgreSQL is accepted:
    production runs nothing else, and a typo must not fall back to something else silently.
    """
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://user:password@host:5432/name), "
            f"not one with the scheme {parts.scheme!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name the database: …:5432/decorum.")
    try:
        port = parts.port
    except ValueError as err:
        raise ImproperlyConfigured(f"DATABASE_URL has a port that is not a number: {err}") from err
    options = dict(parse_qsl(parts.query, keep_blank_values=False))
    host = options.pop("host", "") or unquote(parts.hostname or "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": port or "",
        "OPTIONS": options,
    }


def production_base_url() -> str:
    """``DECORUM_BASE_URL``: the public address (links in e-mails, the admin, allowed hosts).
    Production refuses to start without it: a wrong one sends readers to the wrong site."""
    raw = env_str("DECORUM_BASE_URL").rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path:
        raise ImproperlyConfigured(
            f"DECORUM_BASE_URL={raw!r} must be the site's address with scheme and host and "
            "no path, e.g. https://news.example.org"
        )
    return raw
