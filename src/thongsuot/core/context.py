"""What the current request is, for services that record who did what from where.

Services receive the acting user explicitly; the client address and user agent are
ambient facts of the request, carried here so that audit events get them without every
service signature growing a `request` argument. Outside a request (commands, tests) the
values are empty.
"""

import functools
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestMeta:
    ip: str | None = None
    user_agent: str = ""


_EMPTY = RequestMeta()
_current: ContextVar[RequestMeta] = ContextVar("thongsuot_request_meta", default=_EMPTY)  # noqa: B039 - frozen


def current() -> RequestMeta:
    return _current.get()


def bind(meta: RequestMeta):
    return _current.set(meta)


def reset(token) -> None:
    _current.reset(token)


def client_ip(request) -> str | None:
    """Return the address of the client that sent the request.

    `X-Forwarded-For` is read only when the socket peer (`REMOTE_ADDR`) is one of our own proxies
    (`TRUSTED_PROXIES`, from `THONGSUOT_TRUSTED_PROXIES`): its entries are walked from the right,
    past our proxies, and the first address that is not ours is the client. Everything left of it
    was written by the client and is never believed. A direct peer is the client itself, whatever
    header it sends. Used by sign-in throttling, the rate limits and the audit log alike.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    proxies = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(peer, proxies):
        return str(peer)
    nearest = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:      # not an address: stop at the last proxy that vouched for something
            break
        if not _is_trusted(address, proxies):
            return str(address)
        nearest = address
    return str(nearest)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


@functools.lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _is_trusted(address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)


@contextmanager
def value_set(var: ContextVar, value) -> Iterator:
    """Give the context variable `var` the value `value` inside the block; the one before comes back after."""
    token = var.set(value)
    try:
        yield value
    finally:
        var.reset(token)
