"""The community standards page lists the policy's rules with stable anchors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decorum.community.standards import current_standards

pytestmark = pytest.mark.django_db


def test_the_standards_page_lists_every_rule_with_an_anchor(client: Client) -> None:
    standards = current_standards()
    assert standards.rules
    response = client.get("/community-standards/")
    assert response.status_code == 200
    body = response.content.decode()
    for rule in standards.rules:
        assert f'id="rule-{rule.id}"' in body
    assert standards.version in body


def test_current_standards_is_frozen_and_cached() -> None:
    standards = current_standards("en")
    assert current_standards("en") is standards
    with pytest.raises(AttributeError):
        standards.version = "x"  # type: ignore[misc]
    rule: Any = standards.rules[0]
    assert standards.rule(rule.id) == rule
    assert rule.id in standards.rule_ids
