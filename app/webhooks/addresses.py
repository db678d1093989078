"""Where a webhook may go: never to this machine, its network or the cloud's metadata service (SSRF).

A URL is checked when it is saved and again at every delivery: its host name is resolved and every
address it resolves to must be public (or inside a network the operator allowed); the request then
goes to the address that was checked, so a name that resolves differently a moment later (DNS
rebinding) gains nothing.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.kernel.errors import WebhookUrlError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64), judged by that address.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_SCHEMES = {"http": 80, "https": 443}


@dataclass(frozen=True)
class WebhookTarget:
    """A checked URL, split: the request goes to `address` with `host` as its Host and TLS name."""

    scheme: str
    host: str
    port: int
    path: str

    def url_for(self, address: IPAddress) -> str:
        literal = f"[{address}]" if address.version == 6 else str(address)
        return f"{self.scheme}://{literal}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _SCHEMES[self.scheme] else f"{host}:{self.port}"


def allowed_networks(cidrs: Sequence[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def is_refused_address(address: IPAddress, *, allowed: Sequence[IPNetwork] = ()) -> bool:
    """Whether a webhook may not reach `address`: anything but a public unicast address
    (loopback, private, shared, link-local with 169.254.169.254, unique-local, multicast, reserved,
    unspecified, and their IPv4-mapped or NAT64 forms), unless inside an `allowed` network."""
    if any(address in network for network in allowed):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or _nat64_embedded(address)
        if embedded is not None:
            return is_refused_address(embedded, allowed=allowed)
    return not address.is_global or address.is_multicast


def _nat64_embedded(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_webhook_url(url: str) -> WebhookTarget:
    """An http(s) URL with a host, no user or password in it; refused with WebhookUrlError otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise WebhookUrlError(f"This is not a URL: {error}.") from error
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise WebhookUrlError("A webhook URL starts with https:// (or http://) and names a host.")
    if parts.username or parts.password:
        raise WebhookUrlError("A webhook URL may not carry a user name or password.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return WebhookTarget(parts.scheme, parts.hostname, port or _SCHEMES[parts.scheme], path)


def check_addresses(
    target: WebhookTarget, *, addresses: Sequence[IPAddress], allowed: Sequence[IPNetwork]
) -> IPAddress:
    """The address to connect to, once every one the host resolved to is allowed."""
    if not addresses:
        raise WebhookUrlError(f"{target.host} does not resolve to any address.")
    refused = [address for address in addresses if is_refused_address(address, allowed=allowed)]
    if refused:
        raise WebhookUrlError(
            f"{target.host} resolves to {refused[0]}, a private or reserved address: webhooks only "
            "go to public addresses."
        )
    return addresses[0]


def resolve_target(target: WebhookTarget, *, allowed: Sequence[IPNetwork]) -> IPAddress:
    """Resolve and check now (blocking: at save time, in a worker thread)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise WebhookUrlError(f"{target.host} could not be resolved ({error}).") from error
    return check_addresses(target, addresses=_addresses(infos), allowed=allowed)


async def resolve_target_async(target: WebhookTarget, *, allowed: Sequence[IPNetwork]) -> IPAddress:
    """Resolve and check on the event loop (at delivery time)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise WebhookUrlError(f"{target.host} could not be resolved ({error}).") from error
    return check_addresses(target, addresses=_addresses(infos), allowed=allowed)


def _addresses(infos: Sequence[tuple[object, ...]]) -> list[IPAddress]:
    found: list[IPAddress] = []
    for info in infos:
        sockaddr = info[4]
        assert isinstance(sockaddr, tuple)
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def check_webhook_url(url: str, *, allowed: Sequence[IPNetwork]) -> WebhookTarget:
    """Refuse a URL that is malformed or resolves to a refused address (at save time)."""
    target = parse_webhook_url(url)
    resolve_target(target, allowed=allowed)
    return target
