"""Test settings on PostgreSQL (the production database), for the tests that must prove the
production path: ``pytest --ds=decorum.settings.test_postgres tests/news/test_search_postgres.py``.
"""

from decorum.settings.env import env_int, env_str
from decorum.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env_str("DECORUM_DB_NAME", "decorum"),
        "USER": env_str("DECORUM_DB_USER", "postgres"),
        "PASSWORD": env_str("DECORUM_DB_PASSWORD", ""),
        "HOST": env_str("DECORUM_DB_HOST", "127.0.0.1"),
        "PORT": env_int("DECORUM_DB_PORT", 5432),
        # A run of its own may pick its own test database, so two runs at once do not collide.
        "TEST": {"NAME": env_str("DECORUM_TEST_DB_NAME", "decorum_test_postgres")},
    }
}
