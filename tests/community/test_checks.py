"""Bad community settings are reported at start-up by the system checks."""

from __future__ import annotations

from typing import Any

from decorum.community.checks import check_community_settings


def test_the_default_settings_pass() -> None:
    assert check_community_settings() == []


def test_a_zero_or_non_numeric_limit_is_an_error(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 0
    settings.DECORUM_COMMUNITY_MAX_LENGTH = "lots"
    messages = [error.msg for error in check_community_settings()]
    assert "DECORUM_COMMUNITY_MAX_LENGTH must be a whole number of at least 1." in messages
    assert "DECORUM_COMMUNITY_RATE_PER_USER must be a whole number of at least 1." in messages
