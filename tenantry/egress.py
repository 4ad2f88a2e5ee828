"""Where the server may send a tenant-configured request: public addresses only, by default.

A tenant admin sets an LLM agent's base_url or a webhook endpoint's url, and the server calls
it from inside its own network. Unless private endpoints are allowed (a self-hosted model or
receiver on the same network, tests), the host is resolved here, every address it resolves to
must be globally routable, and the request goes to the checked address itself (the Host header
and TLS name stay the host's), so a DNS answer that changes between the check and the
connection cannot redirect it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


class EgressRefused(Exception):
    """The host has no address, or one the server must not call."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class EndpointRefused(EgressRefused):
    pass


@dataclass(frozen=True)
class Target:
    url: httpx.URL
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: Address) -> bool:
    return address.is_global


async def resolve_public(url: str, *, allow_private: bool) -> Target:
    """The request target for url, pinned to a public address unless private ones are allowed."""
    return await resolve(url, accept=None if allow_private else is_public)


async def resolve(url: str, *, accept: Callable[[Address], bool] | None) -> Target:
    """url as is when accept is None; else pinned to an address of its host, all of which
    accept must take."""
    parsed = httpx.URL(url)
    if accept is None:
        return Target(parsed)
    host, port = parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = await _addresses(host, port)
    private = [a for a in addresses if not accept(ipaddress.ip_address(a.split("%")[0]))]
    if private or not addresses:
        raise EndpointRefused(
            f"The endpoint {host!r} resolves to a non-public address ({private[0]}); "
            "the server only calls public addresses."
            if private
            else f"The endpoint {host!r} has no address."
        )
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    return Target(
        parsed.copy_with(host=addresses[0]),
        headers={"Host": parsed.netloc.decode("ascii")},
        extensions=extensions,
    )


async def _addresses(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]  # a literal needs no lookup
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise EgressRefused(f"Could not resolve the endpoint's host {host!r}.") from None
    return [str(info[4][0]) for info in infos]
