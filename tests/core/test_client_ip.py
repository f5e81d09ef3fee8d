"""The client's address: X-Forwarded-For is believed only from DECORUM_TRUSTED_PROXIES."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, RequestFactory

from decorum.community.models import Comment
from decorum.core.client_ip import client_ip
from tests.community.conftest import make_page
from tests.conftest import login

PROXIES = ["10.0.0.0/8", "2001:db8::1"]


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxies: the header is noise
        (PROXIES, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not from a proxy: spoofed
        (PROXIES, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # The client wrote the left part; the right-most address no proxy of ours is.
        (PROXIES, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (PROXIES, "10.0.0.2", "1.1.1.1,not-an-address, 10.0.0.3", "10.0.0.3"),
        (PROXIES, "10.0.0.2", "", "10.0.0.2"),  # a proxy's own request (health check)
        (PROXIES, "2001:db8::1", "2001:DB8::7", "2001:db8::7"),
        (PROXIES, "10.0.0.2", "::ffff:198.51.100.9", "198.51.100.9"),
        ("10.0.0.2, 10.0.0.3", "10.0.0.2", "198.51.100.1", "198.51.100.1"),  # one string
        ([], "", "198.51.100.1", None),
    ],
)
def test_the_client_address(
    settings: Any, proxies: Any, remote: str, forwarded: str, expected: str | None
) -> None:
    settings.DECORUM_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_comment_keeps_the_address_a_trusted_proxy_reports(
    client: Client, reader: Any, settings: Any
) -> None:
    settings.DECORUM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    article = make_page()
    login(client, reader)
    for remote, forwarded in [("10.0.0.2", "6.6.6.6, 198.51.100.1"), ("203.0.113.5", "6.6.6.6")]:
        data = {"article": article.pk, "text": f"From {remote}"}
        response = client.post(
            "/comments/post/", data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code == 302
    stored = dict(Comment.objects.values_list("text", "ip_address"))
    assert stored == {"From 10.0.0.2": "198.51.100.1", "From 203.0.113.5": "203.0.113.5"}


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_the_search_limit(client: Client, settings: Any) -> None:
    settings.DECORUM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.DECORUM_NEWS_SEARCHES_PER_MINUTE = 2

    def search(remote: str, forwarded: str) -> int:
        response = client.get(
            "/search/", {"q": "harbour"}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        )
        return response.status_code

    # Straight from the internet, a new X-Forwarded-For each time changes nothing.
    assert [search("203.0.113.5", f"198.51.100.{n}") for n in range(3)] == [200, 200, 429]
    # Behind the proxy each reader has their own limit, and the proxy is not one reader.
    assert [search("10.0.0.2", "198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert search("10.0.0.2", "198.51.100.2") == 200


def test_a_wrong_proxy_list_fails_the_system_check(settings: Any) -> None:
    settings.DECORUM_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.internal"]
    with pytest.raises(SystemCheckError, match=r"'proxy\.internal' is not an IP address"):
        call_command("check")
