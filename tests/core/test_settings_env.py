from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from decorum.settings.env import env_bool, env_int


def test_env_bool_rejects_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECORUM_X", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DECORUM_X"):
        env_bool("DECORUM_X", False)


def test_env_int_reads_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECORUM_N", "42")
    assert env_int("DECORUM_N", 1) == 42
