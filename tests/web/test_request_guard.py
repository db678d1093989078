"""Hostile requests are refused at the edge: control characters, huge or deep bodies (issue 13)."""

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.web.middleware.request_guard import MAX_NESTING, check_body
from tests.support import HTML, ORGANIZER_EMAIL, PASSWORD, csrf_from, new_token

NUL_PATHS = [
    "/api/v1/calls/%00",
    "/c/%00",
    "/api/v1/campaigns/%00/targets?address=02108",
    "/api/v1/representatives?address=1%00Main",
    "/api/v1/campaigns/grace-no-ban/targets?address=%1b[2J",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_control_characters_in_the_address_are_a_400(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_a_nul_in_a_json_field_is_a_400(client: TestClient) -> None:
    body = {"token": "t" * 20, "target_id": "S000148\u0000", "outcome": "contact"}
    response = client.post("/api/v1/campaigns/grace-no-ban/outcomes", json=body)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_the_sign_in_email_is_a_400(client: TestClient, accounts: str) -> None:
    csrf = csrf_from(client.get("/admin/login", headers=HTML).text)
    form = {"email": ORGANIZER_EMAIL + "\x00", "password": PASSWORD, "csrf_token": csrf}
    response = client.post("/admin/login", data=form, headers=HTML)
    assert response.status_code == 400


def test_a_public_body_over_a_few_kilobytes_is_refused_unread(client: TestClient) -> None:
    big = json.dumps({"address": "x" * 100_000, "phone": "+16175550123"})
    response = client.post("/api/v1/campaigns/grace-no-ban/calls", content=big)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_streamed_body_without_length_is_cut_at_the_cap(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(1000):
            yield b"x" * 1024

    response = client.post("/api/v1/campaigns/grace-no-ban/calls", content=chunks())
    assert response.status_code == 413


def test_a_deeply_nested_campaign_body_is_a_400_not_a_recursion_error(
    client: TestClient, accounts: str
) -> None:
    token = new_token(accounts, "organizer")
    response = client.put(
        "/api/v1/admin/campaigns/deep",
        content="[" * 5000,
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    yaml_response = client.put(
        "/api/v1/admin/campaigns/deep",
        content="title: [" + "[" * 5000,
        headers={"authorization": f"Bearer {token}", "content-type": "application/yaml"},
    )
    assert yaml_response.status_code == 400


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"title": "[" * 100, "scripts": {"en": {"text": "{{ target.name }}" * 50}}})
    assert check_body(text.encode(), "application/json") is None
    assert check_body(("[" * (MAX_NESTING + 1)).encode(), "application/json") is not None
    assert check_body(b"a=%00", "application/x-www-form-urlencoded") is not None
    assert check_body(b'{"a": "\\\\u0000"}', "application/json") is None, "an escaped backslash is no NUL"
