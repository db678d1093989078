"""Every response says what a browser may do with it; forwarded headers count only behind our proxy."""

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.middleware.security_headers import HeaderPolicy, header_policy
from tests.support import HTML, AppFor, csrf_from


@pytest.mark.parametrize(
    "path", ["/c/grace-no-ban", "/admin/login", "/api/v1/campaigns", "/nowhere", "/c/%00"]
)
def test_pages_api_and_errors_carry_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_a_policy_that_allows_framing_drops_the_legacy_deny() -> None:
    allowed = HeaderPolicy(frame_ancestors="https://example.org")
    headers = dict(allowed.headers())
    assert b"frame-ancestors https://example.org" in headers[b"content-security-policy"]
    assert b"x-frame-options" not in headers
    assert header_policy("/c/grace-no-ban").frame_ancestors == "'none'"


def _client(settings: Settings, *, trusted: bool, app_for: AppFor) -> TestClient:
    limited = settings.model_copy(update={"trusted_proxy": trusted, "login_max_failures_per_client": 2})
    return TestClient(app_for(limited))


def _failed_sign_ins(client: TestClient, forwarded_for: str, count: int) -> list[int]:
    csrf = csrf_from(client.get("/admin/login", headers=HTML).text)
    statuses = []
    for attempt in range(count):
        response = client.post(
            "/admin/login",
            data={"email": f"nobody{attempt}@example.org", "password": "wrong password!", "csrf_token": csrf},
            headers={"x-forwarded-for": forwarded_for, **HTML},
        )
        statuses.append(response.status_code)
    return statuses


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(
    settings: Settings, accounts: str, app_for: AppFor
) -> None:
    # The limit per client counts the connecting address, whatever the header claims.
    with _client(settings, trusted=False, app_for=app_for) as client:
        assert _failed_sign_ins(client, "203.0.113.1", 2) == [401, 401]
        assert _failed_sign_ins(client, "203.0.113.2", 1) == [429]


def test_behind_a_trusted_proxy_the_last_forwarded_entry_is_the_client(
    settings: Settings, accounts: str, app_for: AppFor
) -> None:
    # A client-supplied first entry changes nothing: the proxy's own (last) entry is believed.
    with _client(settings, trusted=True, app_for=app_for) as client:
        assert _failed_sign_ins(client, "198.51.100.7, 203.0.113.1", 3) == [401, 401, 429]
        assert _failed_sign_ins(client, "198.51.100.7, 203.0.113.2", 1) == [401]
