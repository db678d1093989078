"""An organizer's test call from the share page, over HTTP through the Twilio simulator (Twilio's
REST shapes; it fetches our TwiML with a valid signature): a rehearsal says whom Switchboard would
connect and the script and rings no office; a test call connected to the offices is counted
nowhere; both are limited per account per hour and only the campaign's organizers place them."""

import html
import re

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.calls.bridge import Goodbye, LegView, Rehearse, first_step, on_rehearsed
from app.kernel.vocabulary import CallMethod, LegStatus
from app.models.calls import CallSession
from app.models.webhooks import WebhookMessage
from app.storage.db import create_db_engine
from app.tallies.queries import calls_made_total
from tests.calls.conftest import LiveApp
from tests.calls.test_click_to_call import BOSTON, CALLER, placed_sid, stored, tallies
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator
from tests.support import HTML, ORGANIZER_EMAIL, PASSWORD, STAFF_EMAIL, csrf_from, sign_in
from tests.webhooks.support import new_endpoint

SHARE = "/admin/campaigns/grace-no-ban/share"


def signed_in(app: LiveApp, email: str = ORGANIZER_EMAIL) -> str:
    """Sign in on the live app's client; the share page's CSRF token."""
    login = app.http.get("/admin/login", headers=HTML)
    app.http.post(
        "/admin/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_from(login.text), "next": "/admin"},
        headers=HTML,
    )
    return csrf_from(app.http.get(SHARE, headers=HTML).text)


def press_call_me_now(
    app: LiveApp, csrf: str, *, mode: str = "rehearse", phone: str = "(617) 555-0123"
) -> httpx.Response:
    return app.http.post(
        "/admin/campaigns/grace-no-ban/test-call",
        data={"csrf_token": csrf, "phone": phone, "address": BOSTON, "mode": mode},
        headers=HTML,
        follow_redirects=False,
    )


def placed(
    app: LiveApp, sim: TwilioSimulator, csrf: str, *, mode: str, actions: list[str]
) -> tuple[str, str]:
    sim.phones[CALLER] = Phone(actions=actions)
    response = press_call_me_now(app, csrf, mode=mode)
    assert response.status_code == 303, response.text
    found = re.search(r"test_call=([\w-]+)#test-call$", response.headers["location"])
    assert found, response.headers["location"]
    sid = placed_sid(app, found.group(1))
    sim.wait(sid)
    return found.group(1), sid


def crm_messages(app: LiveApp) -> list[WebhookMessage]:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        rows = list(session.exec(select(WebhookMessage)).all())
    engine.dispose()
    return rows


def test_a_rehearsal_says_whom_it_would_connect_and_the_script_and_rings_no_office(
    live_app: LiveApp, simulator: TwilioSimulator, accounts: str
) -> None:
    csrf = signed_in(live_app)
    call_id, sid = placed(live_app, simulator, csrf, mode="rehearse", actions=["", "5", ""])
    call, legs = stored(live_app, call_id)
    assert call.mode == CallMethod.TEST_REHEARSAL
    assert call.placed_by is not None
    assert simulator.calls[sid].to == CALLER
    assert simulator.children(sid) == [], "no office was dialed"
    assert [(leg.name, leg.status, leg.office_phone) for leg in legs] == [
        ("Edward J. Markey", LegStatus.NOT_ATTEMPTED, None),
        ("Elizabeth Warren", LegStatus.NOT_ATTEMPTED, None),
        ("Ayanna Pressley", LegStatus.NOT_ATTEMPTED, None),
    ]
    # What Twilio fetched, signed: each target a <Gather> of its rehearsal, never a <Dial>.
    answers = [
        exchange for exchange in simulator.webhook_log if exchange.url.endswith(("/answer", "/consent"))
    ]
    assert [exchange.status for exchange in answers] == [200] * 4
    assert all("<Dial" not in exchange.body for exchange in simulator.webhook_log)
    first = answers[0].body
    assert f'<Gather action="{live_app.base_url}/twilio/calls/{call_id}/legs/0/consent"' in first
    assert 'actionOnEmptyResult="true"' in first
    assert "Here Switchboard would connect you to Senator Edward J. Markey's Boston office." in first
    assert '<Say language="en-US">The script says: ' in first
    assert (
        "Here Switchboard would connect you to Senator Elizabeth Warren's Boston office." in answers[1].body
    )
    goodbye = "That was the rehearsal. No office was called. Goodbye."
    assert answers[-1].body.endswith(f'<Say language="en-US">{goodbye}</Say><Hangup /></Response>')
    transcript = " ".join(simulator.calls[sid].transcript)
    assert "refugee" in transcript, "the campaign's spoken intro is played"
    assert "Representative Ayanna Pressley's" in transcript
    assert "Press 1" not in transcript

    page = live_app.http.get(f"{SHARE}?test_call={call_id}", headers=HTML).text
    assert "The test call is over." in page
    assert page.count("rehearsed (no office called)") == 3
    assert "Test call (rehearsal)" in page
    counted = tallies(live_app)
    assert (counted.headline.calls_started, counted.headline.counts.calls) == (0, 0)


def test_a_test_call_to_the_offices_is_counted_nowhere_and_tells_no_crm(
    live_app: LiveApp, simulator: TwilioSimulator, accounts: str
) -> None:
    engine = create_db_engine(live_app.settings.database_url)
    new_endpoint(engine, "http://127.0.0.1:9/crm")
    engine.dispose()
    csrf = signed_in(live_app)
    # Markey: press 1, talk, report "spoke to staff"; Warren and Pressley: skip.
    call_id, sid = placed(live_app, simulator, csrf, mode="connect", actions=["1", STAY, "1", "*", "*"])
    call, legs = stored(live_app, call_id)
    assert call.mode == CallMethod.TEST_CALL
    assert [c.to for c in simulator.children(sid)] == [legs[0].office_phone]
    assert [(leg.status, leg.outcome) for leg in legs] == [
        ("completed", "contact"),
        ("skipped", "skipped"),
        ("skipped", "skipped"),
    ]
    counted = tallies(live_app)
    assert counted.headline.calls_started == 0
    assert counted.headline.unique_callers == 0
    assert counted.headline.counts.calls == 0
    assert counted.targets == []
    assert crm_messages(live_app) == [], "no call.completed or outcome.reported for a test call"
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        assert calls_made_total(session, campaign="grace-no-ban") == 0, "the public counter and the goal"
    engine.dispose()


def test_test_calls_are_limited_per_account_per_hour(
    live_app: LiveApp, simulator: TwilioSimulator, accounts: str
) -> None:
    live_app.settings.test_call_limit_per_hour = 1
    csrf = signed_in(live_app)
    placed(live_app, simulator, csrf, mode="rehearse", actions=[])
    again = press_call_me_now(live_app, csrf)
    assert again.status_code == 429
    assert "limit of test calls (1 an hour)" in again.text
    assert 'value="(617) 555-0123"' in again.text, "what was typed is kept"
    assert len(simulator.calls) == 1


def test_only_the_campaigns_organizers_may_place_one(
    live_app: LiveApp, simulator: TwilioSimulator, accounts: str
) -> None:
    anonymous = press_call_me_now(live_app, "no-token")
    assert anonymous.status_code in (303, 401, 403)
    csrf = signed_in(live_app, STAFF_EMAIL)
    page = live_app.http.get(SHARE, headers=HTML).text
    assert "Only the campaign's organizers can place a test call." in page
    assert "Call me now" not in page
    assert press_call_me_now(live_app, csrf).status_code == 403
    live_app.http.cookies.clear()
    csrf = signed_in(live_app)
    assert press_call_me_now(live_app, "a-forged-token").status_code == 403, "CSRF checked"
    assert simulator.calls == {}
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        assert session.exec(select(CallSession)).all() == []
    engine.dispose()


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("+44 20 7946 0958", "We can only call US phone numbers."),
        ("+1 900 200 1234", "We cannot call a premium"),
        ("(617) 565-3170", "That is a legislator's office number"),
        ("", "Please enter the phone number we should call."),
    ],
)
def test_numbers_we_must_not_call_are_refused_at_the_field(
    live_app: LiveApp, simulator: TwilioSimulator, accounts: str, phone: str, message: str
) -> None:
    csrf = signed_in(live_app)
    refused = press_call_me_now(live_app, csrf, phone=phone)
    assert refused.status_code == 422
    assert 'id="test-phone-error"' in refused.text
    assert message in html.unescape(refused.text)
    assert f'value="{BOSTON}"' in refused.text
    assert simulator.calls == {}


def test_without_twilio_the_section_says_what_to_set_and_has_no_button(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    page = client.get(SHARE, headers=HTML)
    for setting in (
        "SWITCHBOARD_TWILIO_ACCOUNT_SID",
        "SWITCHBOARD_TWILIO_AUTH_TOKEN",
        "SWITCHBOARD_TWILIO_FROM_NUMBER",
    ):
        assert setting in page.text
    assert "Call me now" not in page.text
    listing = client.get("/admin", headers=HTML).text
    assert 'href="/admin/campaigns/grace-no-ban/share#test-call"' in listing
    posted = client.post(
        "/admin/campaigns/grace-no-ban/test-call",
        data={"csrf_token": csrf_from(page.text), "phone": "(617) 555-0123", "address": "01060"},
        headers=HTML,
    )
    assert posted.status_code == 503
    assert "Test calls need Twilio" in posted.text


def test_a_rehearsal_goes_on_at_any_key_and_never_dials() -> None:
    legs = [LegView(n, LegStatus.PENDING, "Senator", f"Name {n}", "", None) for n in range(2)]
    start = first_step(legs, rehearsal=True)
    assert start.step == Rehearse(legs[0])
    heard = [LegView(0, LegStatus.PROMPTED, "Senator", "Name 0", "", None), legs[1]]
    after = on_rehearsed(heard, position=0)
    assert isinstance(after.step, Rehearse)
    assert after.step.leg.position == 1
    assert [(c.position, c.status) for c in after.changes] == [
        (0, LegStatus.NOT_ATTEMPTED),
        (1, LegStatus.PROMPTED),
    ]
    done = [LegView(0, LegStatus.NOT_ATTEMPTED, "Senator", "Name 0", "", None)]
    assert on_rehearsed(done, position=0).step == Goodbye("rehearsed")
