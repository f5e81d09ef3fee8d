"""The demo cast arrives as people who signed up: standards accepted, shown on their profile."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from decorum.community.standards import current_standards
from decorum.demo.build import load_demo_content_once
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_demo_users_have_accepted_the_current_standards(client: Client) -> None:
    load_demo_content_once(stdout=io.StringIO())
    version = current_standards().version
    users: Any = get_user_model().objects.filter(email__endswith="@demo.decorum.invalid")
    assert users.count() >= 5
    for user in users:
        assert user.accepted_standards_version == version
        assert user.accepted_standards_at is not None
    profile = login(client, users.get(username="reader")).get("/profile/").content.decode()
    assert f"You accepted the community standards version {version}" in profile
    assert "You have not accepted" not in profile
