"""Webhooks never reach this machine, its network or the metadata service (SSRF), by any spelling."""

import ipaddress

import pytest

from app.kernel.errors import WebhookUrlError
from app.webhooks.addresses import (
    allowed_networks,
    check_addresses,
    check_webhook_url,
    is_refused_address,
    parse_webhook_url,
)

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "169.254.0.1",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "ff02::1",
]
PUBLIC = ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("literal", REFUSED)
def test_private_loopback_link_local_and_metadata_addresses_are_refused(literal: str) -> None:
    assert is_refused_address(ipaddress.ip_address(literal))


@pytest.mark.parametrize("literal", PUBLIC)
def test_public_addresses_are_allowed(literal: str) -> None:
    assert not is_refused_address(ipaddress.ip_address(literal))


def test_an_allowed_network_is_reachable_and_only_it() -> None:
    allowed = allowed_networks(["10.8.0.0/16"])
    assert not is_refused_address(ipaddress.ip_address("10.8.1.2"), allowed=allowed)
    assert is_refused_address(ipaddress.ip_address("10.9.1.2"), allowed=allowed)


def test_one_private_address_among_public_ones_refuses_the_host() -> None:
    target = parse_webhook_url("https://crm.example.org/hook")
    addresses = [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("10.0.0.5")]
    with pytest.raises(WebhookUrlError, match=r"10\.0\.0\.5"):
        check_addresses(target, addresses=addresses, allowed=())
    assert check_addresses(target, addresses=addresses[:1], allowed=()) == addresses[0]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://[::1]:8080/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "https://10.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://localhost:9000/",
    ],
)
def test_urls_to_private_hosts_are_refused_when_saved(url: str) -> None:
    with pytest.raises(WebhookUrlError):
        check_webhook_url(url, allowed=())


@pytest.mark.parametrize(
    "url", ["ftp://93.184.215.14/", "https://user:pass@93.184.215.14/", "https:///nohost", "not a url"]
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(WebhookUrlError):
        parse_webhook_url(url)


def test_a_public_literal_passes_and_keeps_its_host_for_the_host_header() -> None:
    target = check_webhook_url("https://93.184.215.14:8443/hooks?x=1", allowed=())
    assert target.path == "/hooks?x=1"
    assert target.host_header == "93.184.215.14:8443"
    assert target.url_for(ipaddress.ip_address("2606:4700::1")) == "https://[2606:4700::1]:8443/hooks?x=1"
