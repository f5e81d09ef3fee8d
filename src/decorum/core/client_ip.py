"""The client's address, read the same way everywhere (rate limits, comments, logins).

Behind a reverse proxy every request comes from the proxy's address, and the client's is in
``X-Forwarded-For``, which anyone can also send themselves. The header is believed only when
the request arrives from an address in ``DECORUM_TRUSTED_PROXIES``; then the right-most
address in it that is not itself a trusted proxy is the client (each proxy appends the address
it received the request from, so everything left of that is whatever the client wrote).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Each entry an address or a CIDR network; a wrong one fails loudly."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as err:
            raise ImproperlyConfigured(
                f"DECORUM_TRUSTED_PROXIES: {entry!r} is not an IP address or network."
            ) from err
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    """``DECORUM_TRUSTED_PROXIES``: a list, or one comma-separated string (empty: none)."""
    raw = getattr(settings, "DECORUM_TRUSTED_PROXIES", ())
    if isinstance(raw, str):
        raw = raw.split(",")
    return parse_networks(tuple(item.strip() for item in raw if item.strip()))


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``, or None when it is unknown."""
    remote = _address(str(request.META.get("REMOTE_ADDR") or ""))
    if remote is None:
        return None
    networks = trusted_proxies()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:  # not an address: written by the client, so stop at the last hop
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether ``request`` came straight from one of ``DECORUM_TRUSTED_PROXIES``."""
    remote = _address(str(request.META.get("REMOTE_ADDR") or ""))
    networks = trusted_proxies()
    return remote is not None and bool(networks) and _trusted(remote, networks)
