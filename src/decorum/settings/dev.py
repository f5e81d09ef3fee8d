"""The embedded default: SQLite in the data directory, file e-mail, in-process jobs."""

from decorum.settings.base import *  # noqa: F403
