"""Production: PostgreSQL, Redis cache, Celery workers, SMTP; every value from the environment."""

from decorum.settings.base import *  # noqa: F403
from decorum.settings.env import env_bool, env_int, env_str, production_secret_key

SECRET_KEY = production_secret_key()
DECORUM_SERVE_MEDIA = env_bool("DECORUM_SERVE_MEDIA", False)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env_str("DECORUM_DB_NAME", "decorum"),
        "USER": env_str("DECORUM_DB_USER", "postgres"),
        "PASSWORD": env_str("DECORUM_DB_PASSWORD", ""),
        "HOST": env_str("DECORUM_DB_HOST", "127.0.0.1"),
        "PORT": env_int("DECORUM_DB_PORT", 5432),
        "CONN_MAX_AGE": 60,
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("DECORUM_REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "decorum.news.search_backend"}}
SESSION_COOKIE_SECURE = env_bool("DECORUM_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DECORUM_SECURE_COOKIES", True)
