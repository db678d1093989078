"""Public pages are gzipped for browsers that accept it; admin pages, the API and webhooks never."""

import gzip

import httpx
from fastapi.testclient import TestClient

GZIP = {"Accept-Encoding": "gzip"}


def raw_get(client: TestClient, path: str, **params: str) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent, still encoded (the client would otherwise decode it)."""
    with client.stream("GET", path, params=params, headers=GZIP) as response:
        return response, b"".join(response.iter_raw())


def test_a_public_result_page_is_sent_gzipped(client: TestClient) -> None:
    response, body = raw_get(client, "/c/ma-safe-communities", address="01003")
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    assert response.headers["content-security-policy"], "the security headers are still there"
    page = gzip.decompress(body).decode()
    assert "</html>" in page
    assert len(body) < len(page) / 2


def test_without_accept_encoding_the_page_is_plain(client: TestClient) -> None:
    response = client.get("/c/ma-safe-communities", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers


def test_admin_pages_are_never_compressed(client: TestClient) -> None:
    """They carry CSRF tokens beside reflected input (BREACH)."""
    response, body = raw_get(client, "/admin/login")
    assert response.status_code == 200
    assert len(body) > 1024
    assert "content-encoding" not in response.headers


def test_the_json_api_is_not_compressed(client: TestClient) -> None:
    response, body = raw_get(client, "/api/v1/campaigns/ma-safe-communities/targets", address="01003")
    assert response.status_code == 200
    assert len(body) > 1024
    assert "content-encoding" not in response.headers
