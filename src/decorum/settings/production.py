"""Production: PostgreSQL, Redis cache, Celery workers, SMTP; every value from the environment.

The variables are listed in one table in the README (section "Configuration"); the ones
without a default (``DECORUM_SECRET_KEY``, ``DECORUM_BASE_URL``) stop the start-up when unset.
"""

from urllib.parse import urlsplit

from decorum.settings.base import *  # noqa: F403
from decorum.settings.env import (
    database_from_url,
    env_bool,
    env_first,
    env_int,
    env_list,
    env_str,
    production_base_url,
    production_secret_key,
)

SECRET_KEY = production_secret_key()
DECORUM_BASE_URL = production_base_url()
WAGTAILADMIN_BASE_URL = DECORUM_BASE_URL
_base = urlsplit(DECORUM_BASE_URL)
# The public address is the one host served unless more are listed.
ALLOWED_HOSTS = env_list("DECORUM_ALLOWED_HOSTS", [str(_base.hostname)])
CSRF_TRUSTED_ORIGINS = env_list("DECORUM_CSRF_TRUSTED_ORIGINS", [DECORUM_BASE_URL])
DECORUM_SERVE_MEDIA = env_bool("DECORUM_SERVE_MEDIA", False)

# DATABASE_URL first; the separate DECORUM_DB_* variables are read when it is unset.
_database_url = env_str("DATABASE_URL", "-")
if _database_url != "-":
    _database = database_from_url(_database_url)
else:
    _database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env_str("DECORUM_DB_NAME", "decorum"),
        "USER": env_str("DECORUM_DB_USER", "postgres"),
        "PASSWORD": env_str("DECORUM_DB_PASSWORD", ""),
        "HOST": env_str("DECORUM_DB_HOST", "127.0.0.1"),
        "PORT": env_int("DECORUM_DB_PORT", 5432),
    }
_database["CONN_MAX_AGE"] = env_int("DECORUM_DB_CONN_MAX_AGE", 60)
_database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}

# One Redis for the cache (rate limits, view counts) and the engine's recent-activity state.
# Neither is a single point of failure: while Redis is down the cache answers as an empty one
# (0.25 s timeouts, then no attempt for 5 s; decorum.core.cache), rate limits open, view counts
# are skipped and the engine keeps its state in the process, each with a logged warning.
DECORUM_REDIS_URL = env_first(("REDIS_URL", "DECORUM_REDIS_URL"), "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "decorum.core.cache.ResilientRedisCache",
        "LOCATION": DECORUM_REDIS_URL,
    }
}
# Sessions straight from the database, not through this cache as in the embedded default: while
# Redis is down the cache skips writes, so a session deleted then (a logout) would still be in
# Redis, and valid again, once it is back.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Jobs go to Celery workers through a persistent broker (RabbitMQ); decorum.core.celery reads
# the same variables.
DECORUM_CELERY_BROKER_URL = env_first(
    ("DECORUM_BROKER_URL", "DECORUM_CELERY_BROKER_URL"), "amqp://guest:guest@127.0.0.1:5672//"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "decorum.news.search_backend"}}

# HTTPS. Behind a reverse proxy that ends TLS, the proxy says so in X-Forwarded-Proto (set
# DECORUM_BEHIND_PROXY=true only then: anyone could send that header straight to the app).
# The client's address is read through DECORUM_TRUSTED_PROXIES (settings.base, core.client_ip).
if env_bool("DECORUM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DECORUM_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("DECORUM_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DECORUM_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = env_int("DECORUM_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DECORUM_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DECORUM_HSTS_PRELOAD", False)
# X_FRAME_OPTIONS stays SAMEORIGIN (not DENY): Wagtail's page preview shows the page in a frame
# of the admin, on the same origin. Other sites still cannot frame it (CSP frame-ancestors too).
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload the domain is a commitment for every subdomain that is hard
    # to take back, so it is the publisher's choice (DECORUM_HSTS_PRELOAD), not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
