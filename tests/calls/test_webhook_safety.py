"""Forged webhooks are refused; replayed ones answer the same and change nothing."""

import time
from datetime import timedelta
from typing import Any

import pytest
from twilio.request_validator import RequestValidator
from typer.testing import CliRunner

from app.calls.reconcile import reconcile_calls
from app.calls.telephony import TwilioTelephony
from app.cli import cli
from app.kernel.clock import utcnow
from app.kernel.vocabulary import FINAL_CALL_STATUSES, CallMethod
from app.models.calls import CallSession
from app.settings import get_settings
from app.storage.db import create_db_engine, write_scope
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, LiveApp
from tests.calls.test_click_to_call import CALLER, call_me, place, stored
from tests.fakes.twilio_sim import STAY, Exchange, TwilioSimulator


def webhook(sim: TwilioSimulator, suffix: str) -> Exchange:
    return next(exchange for exchange in sim.webhook_log if exchange.url.endswith(suffix))


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "wrong-token"])
def test_forged_webhooks_get_403_and_change_nothing(
    live_app: LiveApp, simulator: TwilioSimulator, signature: str
) -> None:
    call_id, _ = place(live_app, simulator, [""])
    url, params = webhook(simulator, "/legs/0/consent").url, webhook(simulator, "/legs/0/consent").params
    forged = {**params, "Digits": "1"}
    if signature == "wrong-token":
        signature = RequestValidator("another-account-token").compute_signature(url, forged)
    response = live_app.http.post(url, data=forged, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert response.json()["code"] == "signature_invalid"
    _call, legs = stored(live_app, call_id)
    assert legs[0].status == "no-consent"
    assert simulator.children(next(iter(simulator.calls))) == []


def test_a_signature_for_other_parameters_is_refused(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    place(live_app, simulator, [""])
    url, params = webhook(simulator, "/legs/0/consent").url, webhook(simulator, "/legs/0/consent").params
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    response = live_app.http.post(
        url, data={**params, "Digits": "1"}, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403


def test_a_retried_request_gets_the_same_twiml_and_advances_nothing(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    call_id, _ = place(live_app, simulator, ["1", STAY, "1", "*", "*"])
    original = webhook(simulator, "/legs/0/consent")
    assert "<Dial" in original.body
    retried = simulator.post(original.url, original.params, token=original.token)
    # The very TwiML the first request got, except the caller's number: the call is over, and
    # with it the only copy of the number (receipts never store it).
    assert f'callerId="{CALLER}"' in original.body
    assert retried == (200, original.body.replace(CALLER, FROM_NUMBER))
    replayed = simulator.post(original.url, original.params)
    assert replayed[0] == 200
    survey = webhook(simulator, "/legs/0/survey")
    simulator.post(survey.url, {**survey.params, "Digits": "2"})
    dialed = webhook(simulator, "/legs/0/dialed")
    assert simulator.post(dialed.url, dialed.params, token=dialed.token) == (200, dialed.body)
    _call, legs = stored(live_app, call_id)
    assert [(leg.status, leg.outcome) for leg in legs] == [
        ("completed", "contact"),
        ("skipped", "skipped"),
        ("skipped", "skipped"),
    ], "a replayed survey does not overwrite the keypad's first answer"


def test_an_unknown_call_is_answered_politely(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    status, body = simulator.post(f"{live_app.base_url}/twilio/calls/nope/answer", {"CallSid": "CA1"})
    assert status == 200
    assert "could not find this call" in body
    assert "<Hangup" in body


def test_reconcile_closes_calls_whose_callbacks_were_lost(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    simulator.faults.drop_status_callbacks = True
    # Markey: connect, talk, "spoke to staff"; Warren: connect, talk, no survey answer; Pressley: no key.
    call_id, _ = place(live_app, simulator, ["1", STAY, "1", "1", STAY, "", ""])
    call, _legs = stored(live_app, call_id)
    assert call.status == "in-progress", "without callbacks we never heard the call end"
    engine = create_db_engine(live_app.settings.database_url)
    with write_scope(engine) as session:
        session.add(
            CallSession(
                id="never-placed", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED, status="dialing"
            )
        )
    telephony = TwilioTelephony(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_url=simulator.base_url, timeout_seconds=5
    )
    report = reconcile_calls(
        engine, telephony=telephony, older_than=timedelta(0), now=utcnow() + timedelta(seconds=1)
    )
    engine.dispose()
    assert (report.checked, report.closed, report.errors) == (2, 2, [])
    call, legs = stored(live_app, call_id)
    assert (call.status, call.duration_seconds, call.caller_phone) == ("completed", 60, None)
    assert [leg.twilio_status for leg in legs] == ["completed", "completed", None]
    assert legs[2].outcome == "no-consent"
    lost, _ = stored(live_app, "never-placed")
    assert (lost.status, lost.error_code) == ("failed", "not_placed")


@pytest.mark.parametrize(("twilio_error", "code"), [(21216, "phone_not_allowed"), (20429, "telephony_busy")])
def test_a_call_twilio_refuses_ends_failed_with_our_code(
    live_app: LiveApp, simulator: TwilioSimulator, twilio_error: int, code: str
) -> None:
    simulator.faults.create_errors[CALLER] = twilio_error
    response = call_me(live_app)
    assert response.status_code == 201
    assert response.json()["status"] == "created"  # recorded and queued; the worker places it
    page = followed_to_the_end(live_app, response.json()["id"])
    assert (page["status"], page["error"]) == ("failed", code)
    assert not [c for c in simulator.calls.values() if c.to == CALLER]
    call, _legs = stored(live_app, response.json()["id"])
    assert call.caller_phone is None


def followed_to_the_end(app: LiveApp, call_id: str) -> dict[str, Any]:
    """The call as the page sees it, polled until it ends."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page: dict[str, Any] = app.http.get(f"/api/v1/calls/{call_id}").json()
        if page["status"] in FINAL_CALL_STATUSES:
            return page
        time.sleep(0.05)
    raise AssertionError(f"call {call_id} did not end")


def test_reconcile_command(
    live_app: LiveApp, simulator: TwilioSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", live_app.settings.database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    unconfigured = runner.invoke(cli, ["calls", "reconcile"])
    assert unconfigured.exit_code == 1
    assert "Twilio is not configured" in unconfigured.output
    monkeypatch.setenv("SWITCHBOARD_TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("SWITCHBOARD_TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("SWITCHBOARD_TWILIO_FROM_NUMBER", "+16175550100")
    monkeypatch.setenv("SWITCHBOARD_TWILIO_API_URL", simulator.base_url)
    get_settings.cache_clear()
    simulator.faults.drop_status_callbacks = True
    place(live_app, simulator, [""])
    done = runner.invoke(cli, ["calls", "reconcile", "--older-than", "0"])
    get_settings.cache_clear()
    assert done.exit_code == 0, done.output
    assert "Checked 1 open calls; closed 1." in done.output
