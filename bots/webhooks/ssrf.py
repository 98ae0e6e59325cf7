"""SSRF guard for outbound webhooks: check where a URL really goes, then connect only there.

A receiver URL comes from an API caller, so it could point at the service's own network
(127.0.0.1, 10.0.0.0/8, the cloud metadata service 169.254.169.254...). :func:`resolve_target`
resolves the host and refuses any address that is not public; :class:`PinnedTransport` then
connects to exactly the address that was checked (no second DNS lookup, so DNS rebinding cannot
swap it) while keeping the original ``Host`` header and TLS SNI/certificate name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# RFC 6052 NAT64 well-known prefix and RFC 8215 local-use prefix: a v6 address that is really v4.
_TRANSLATED = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class TargetRefused(Exception):
    """The URL may not be called: wrong scheme, unresolvable, or a non-public address."""


class Unresolvable(TargetRefused):
    """The host name did not resolve (possibly transient, unlike a policy refusal)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (name or literal)
    port: int
    address: IPAddress  # the checked address we connect to


def address_problem(ip: IPAddress, *, allow_private: bool) -> str | None:
    """Why ``ip`` is refused, or None if it may be called.

    ``allow_private`` (development, tests) admits loopback and private ranges, never link-local
    (169.254.169.254 is the cloud metadata service), multicast, reserved or unspecified.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if ip.sixtofour is not None or ip.teredo is not None:
            return "a 6to4/Teredo tunnelled address"
        if any(ip in net for net in _TRANSLATED):
            return "a NAT64-translated address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if ip.is_reserved:  # before private: Python counts 240.0.0.0/4 as both
        return "a reserved address"
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED):
        return None if allow_private else "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


_SHARED = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598 carrier-grade NAT


async def resolve_target(url: str | httpx.URL, *, allow_private: bool) -> Target:
    """Resolve ``url``'s host and check every address it has.

    Every address must pass (a name with one public and one private address is refused), and
    the first is used. Raises :class:`TargetRefused` with a reason fit for the API caller.
    """
    url = httpx.URL(str(url))
    if url.scheme not in ("http", "https"):
        raise TargetRefused("only http and https URLs are allowed")
    host = url.host
    if not host:
        raise TargetRefused("the URL has no host")
    if url.userinfo:
        raise TargetRefused("credentials in the URL are not allowed")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(f"the host {host!r} does not resolve") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        reason = address_problem(ip, allow_private=allow_private)
        if reason is not None:
            raise TargetRefused(f"the host {host!r} resolves to {reason} ({ip})")
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise TargetRefused(f"the host {host!r} has no address")
    return Target(url.scheme, host, port, addresses[0])


class PinnedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that checks each request's host and connects to the checked address.

    The request URL's host is replaced by the address; ``Host`` keeps the name and the
    ``sni_hostname`` extension keeps TLS SNI and certificate verification on the name (httpcore
    uses it as ``server_hostname``).
    """

    def __init__(self, *, allow_private: bool, inner: httpx.AsyncBaseTransport | None = None):
        self.allow_private = allow_private
        self.inner = inner or httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = await resolve_target(request.url, allow_private=self.allow_private)
        request.url = request.url.copy_with(host=str(target.address))
        if target.scheme == "https" and "sni_hostname" not in request.extensions:
            request.extensions = {**request.extensions, "sni_hostname": target.host}
        # httpx set Host from the original URL when the request was built; keep it.
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
