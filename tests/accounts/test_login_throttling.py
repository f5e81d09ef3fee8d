"""Failed logins are throttled per account and address together: whoever fails with a
moderator's e-mail slows themselves down, not the moderator logging in from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.66"
MODERATOR_HOME = "198.51.100.20"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _login(email: str, password: str, address: str, **headers: Any) -> Any:
    return Client().post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def _logged_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_failures_from_one_address_do_not_lock_the_moderator_out_elsewhere(
    moderator: Any,
) -> None:
    for _ in range(8):
        failed = _login(moderator.email, "wrong password", ATTACKER)
        assert failed.status_code == 200 and not _logged_in(failed)
    # The attacker's address is throttled for this account, even with the right password...
    throttled = _login(moderator.email, PASSWORD, ATTACKER)
    assert not _logged_in(throttled) and TOO_MANY in throttled.content.decode()
    # ...but the moderator, from their own address, logs straight in.
    assert _logged_in(_login(moderator.email, PASSWORD, MODERATOR_HOME))


def test_failures_spread_over_many_addresses_do_not_lock_the_moderator_out(
    moderator: Any,
) -> None:
    for number in range(40):
        _login(moderator.email, "wrong password", f"203.0.113.{number}")
    assert _logged_in(_login(moderator.email, PASSWORD, MODERATOR_HOME))


def test_one_address_is_throttled_for_the_account_it_keeps_failing(
    moderator: Any, reader: Any
) -> None:
    for _ in range(5):
        _login(moderator.email, "wrong password", ATTACKER)
    assert TOO_MANY in _login(moderator.email, "wrong password", ATTACKER).content.decode()
    assert _logged_in(_login(reader.email, PASSWORD, ATTACKER))  # other accounts unaffected


def test_behind_a_trusted_proxy_the_forwarded_address_is_what_counts(
    moderator: Any, settings: Any
) -> None:
    settings.DECORUM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(8):
        _login(moderator.email, "wrong password", "10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)
    via_proxy = _login(moderator.email, PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR=MODERATOR_HOME)
    assert _logged_in(via_proxy)
    # A spoofed header from outside the proxy changes nothing: still the attacker's address.
    spoofed = _login(moderator.email, PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR=MODERATOR_HOME)
    assert not _logged_in(spoofed)
