"""The forged-webhook matrix: every way of faking Twilio's signature gets 403 and changes nothing."""

import base64
from collections.abc import Callable

from twilio.request_validator import RequestValidator

from app.models.calls import CallLeg
from tests.calls.conftest import AUTH_TOKEN, LiveApp
from tests.calls.test_click_to_call import place, stored
from tests.fakes.twilio_sim import TwilioSimulator

Forgery = Callable[[str, dict[str, str]], tuple[str, dict[str, str], dict[str, str]]]
SIGNER = RequestValidator(AUTH_TOKEN)


def signed(url: str, params: dict[str, str]) -> str:
    return str(SIGNER.compute_signature(url, params))


def _with(params: dict[str, str], **changes: str) -> dict[str, str]:
    return {**params, **changes}


def _flip(signature: str) -> str:
    raw = bytearray(base64.b64decode(signature))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


FORGERIES: dict[str, Forgery] = {
    "no signature": lambda url, p: (url, _with(p, Digits="1"), {}),
    "empty signature": lambda url, p: (url, _with(p, Digits="1"), {"X-Twilio-Signature": ""}),
    "not base64": lambda url, p: (url, _with(p, Digits="1"), {"X-Twilio-Signature": "%%%not-base64%%%"}),
    "another account's token": lambda url, p: (
        url,
        _with(p, Digits="1"),
        {"X-Twilio-Signature": RequestValidator("other-token").compute_signature(url, _with(p, Digits="1"))},
    ),
    "signature of other digits": lambda url, p: (
        url,
        _with(p, Digits="1"),
        {"X-Twilio-Signature": signed(url, p)},
    ),
    "one bit flipped": lambda url, p: (
        url,
        _with(p, Digits="1"),
        {"X-Twilio-Signature": _flip(signed(url, _with(p, Digits="1")))},
    ),
    "signed for another leg's path": lambda url, p: (
        url,
        _with(p, Digits="1"),
        {"X-Twilio-Signature": signed(url.replace("/legs/0/", "/legs/1/"), _with(p, Digits="1"))},
    ),
    "signed for another host": lambda url, p: (
        url,
        _with(p, Digits="1"),
        {"X-Twilio-Signature": signed(url.replace("127.0.0.1", "evil.example"), _with(p, Digits="1"))},
    ),
    "a query string added": lambda url, p: (
        url + "?Digits=1",
        _with(p, Digits="1"),
        {"X-Twilio-Signature": signed(url, _with(p, Digits="1"))},
    ),
    "a parameter added": lambda url, p: (
        url,
        _with(p, Digits="1", Extra="x"),
        {"X-Twilio-Signature": signed(url, _with(p, Digits="1"))},
    ),
    "a parameter dropped": lambda url, p: (
        url,
        {k: v for k, v in _with(p, Digits="1").items() if k != "CallSid"},
        {"X-Twilio-Signature": signed(url, _with(p, Digits="1"))},
    ),
}


def leg_states(app: LiveApp, call_id: str) -> list[tuple[str, str | None]]:
    legs: list[CallLeg] = stored(app, call_id)[1]
    return [(leg.status, leg.outcome) for leg in legs]


def test_every_forgery_is_refused_and_changes_nothing(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    call_id, parent_sid = place(live_app, simulator, [""])
    consent = next(e for e in simulator.webhook_log if e.url.endswith("/legs/0/consent"))
    before = leg_states(live_app, call_id)
    for name, forge in FORGERIES.items():
        url, params, headers = forge(consent.url, dict(consent.params))
        response = live_app.http.post(url, data=params, headers=headers)
        assert response.status_code == 403, name
        assert response.json()["code"] == "signature_invalid", name
    assert leg_states(live_app, call_id) == before
    assert simulator.children(parent_sid) == [], "no office was ever dialed"
    genuine = live_app.http.post(
        consent.url, data=consent.params, headers={"X-Twilio-Signature": signed(consent.url, consent.params)}
    )
    assert genuine.status_code == 200, "the matrix is not refusing everything"


def test_a_file_posted_to_a_webhook_is_refused_not_an_error(live_app: LiveApp) -> None:
    response = live_app.http.post(
        f"{live_app.base_url}/twilio/calls/any/answer",
        files={"CallSid": ("a.txt", b"CA1")},
        headers={"X-Twilio-Signature": "c2lnbmF0dXJl"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "webhook_form_invalid"


def test_a_leg_position_that_is_not_a_number_is_not_found(live_app: LiveApp) -> None:
    url = f"{live_app.base_url}/twilio/calls/any/legs/first/consent"
    params = {"CallSid": "CA1", "Digits": "1"}
    response = live_app.http.post(url, data=params, headers={"X-Twilio-Signature": signed(url, params)})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_webhooks_are_not_in_the_api_schema(live_app: LiveApp) -> None:
    paths = live_app.http.get(f"{live_app.base_url}/openapi.json").json()["paths"]
    assert paths  # the schema lists the API's own routes
    assert not [path for path in paths if path.startswith("/twilio/")]
