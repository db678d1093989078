"""The calls API: phone checks, abuse limits, the blocklist, and self-reported outcomes."""

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.settings import get_settings
from tests.calls.conftest import LiveApp
from tests.calls.test_click_to_call import BOSTON, call_me, place
from tests.fakes.twilio_sim import Phone, TwilioSimulator


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("+44 20 7946 0958", "phone_not_allowed"),
        ("+1 900 200 1234", "phone_not_allowed"),
        ("800-555-0100", "phone_not_allowed"),
        ("12345", "phone_invalid"),
        ("call me maybe", "phone_invalid"),
        ("", "phone_invalid"),
    ],
)
def test_numbers_we_must_not_call_are_refused_before_twilio(
    live_app: LiveApp, simulator: TwilioSimulator, phone: str, code: str
) -> None:
    response = call_me(live_app, phone=phone)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert simulator.calls == {}


def test_without_twilio_settings_there_is_no_call_me(client: TestClient) -> None:
    response = client.post(
        "/api/v1/campaigns/grace-no-ban/calls", json={"address": BOSTON, "phone": "(617) 555-0123"}
    )
    assert response.status_code == 503
    assert response.json()["code"] == "calls_unavailable"
    page = client.post("/c/grace-no-ban", data={"address": BOSTON})
    assert "Call me" not in page.text
    assert "(617) 565-3170" in page.text


def test_a_bad_address_is_a_clear_error_and_places_no_call(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    response = call_me(live_app, address="nowhere at all")
    assert response.status_code == 404
    assert response.json()["code"] == "address_not_found"
    assert simulator.calls == {}


def test_three_calls_per_phone_per_day_per_campaign(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    for _ in range(3):
        place(live_app, simulator, [""])
    fourth = call_me(live_app)
    assert fourth.status_code == 429
    assert fourth.json()["code"] == "phone_limit_reached"
    assert len(simulator.calls) == 3


@pytest.mark.parametrize(
    ("setting", "status", "code"),
    [
        ("call_limit_per_office", 429, "office_limit_reached"),
        ("call_limit_per_hour", 503, "calls_busy"),
        ("call_limit_in_progress", 503, "calls_busy"),
        ("call_limit_per_ip_per_hour", 429, "ip_limit_reached"),
    ],
)
def test_office_spend_and_ip_limits(
    live_app: LiveApp, simulator: TwilioSimulator, setting: str, status: int, code: str
) -> None:
    setattr(live_app.settings, setting, 1)
    if setting == "call_limit_in_progress":
        simulator.faults.drop_status_callbacks = True  # the first call then looks in progress
    place(live_app, simulator, [""])
    other = call_me(live_app, phone="(617) 555-0177")
    assert other.status_code == status
    assert other.json()["code"] == code
    assert len(simulator.calls) == 1


def test_blocked_numbers_and_ips(
    live_app: LiveApp, simulator: TwilioSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", live_app.settings.database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(cli, ["calls", "block", "617-555-0123", "--reason", "harassment"]).exit_code == 0
    blocked = call_me(live_app)
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "call_blocked"
    assert runner.invoke(cli, ["calls", "block", "127.0.0.1"]).exit_code == 0
    assert call_me(live_app, phone="(617) 555-0177").status_code == 403
    assert runner.invoke(cli, ["calls", "block", "not a number"]).exit_code == 1
    get_settings.cache_clear()
    assert simulator.calls == {}
    simulator.phones["+16175550177"] = Phone()


def test_self_reported_outcomes_are_one_per_target_per_browser(client: TestClient) -> None:
    url = "/api/v1/campaigns/grace-no-ban/outcomes"
    shown = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON})
    assert shown.status_code == 200, shown.text
    lookup = shown.json()["lookup"]
    body = {"token": "browser-token-0123456789", "target_id": "W000817", "outcome": "voicemail"}
    body["lookup"] = lookup
    first = client.post(url, json=body)
    assert first.status_code == 200, first.text
    assert first.json() == {"target_id": "W000817", "outcome": "voicemail"}
    again = client.post(url, json={**body, "outcome": "contact"})
    assert again.json() == {"target_id": "W000817", "outcome": "contact"}
    assert client.post(url, json={**body, "outcome": "maybe"}).json()["code"] == "outcome_invalid"
    assert client.post(url, json={**body, "token": "short"}).json()["code"] == "outcome_invalid"
    assert client.post(url, json={**body, "target_id": "nobody"}).json()["code"] == "outcome_invalid"
    assert client.get("/api/v1/calls/nope").status_code == 404
