"""Test settings: fast hashing, in-memory e-mail, a throwaway data directory."""

import os
import tempfile

os.environ.setdefault("DECORUM_DATA_DIR", tempfile.mkdtemp(prefix="decorum-test-"))

from decorum.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
CAPTCHA_TEST_MODE = True  # django-simple-captcha accepts "PASSED" (read once at import)
DECORUM_ENFORCEMENT_SCREENING = False  # tests of screening switch it on themselves
# Tests compute embeddings by calling the job; a model load per published test article would
# only slow them down (and race the live server for SQLite's in-memory tables).
DECORUM_NEWS_EMBED_ON_PUBLISH = False
