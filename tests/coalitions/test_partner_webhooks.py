"""Each organization's CRM hears of the calls it should (SQLite and PostgreSQL): the campaign's owner
of every call, each partner only of the calls its link brought — a self-reported call through Ally
A's link and a "Call me" call through Ally B's whose outcomes Twilio's signed callbacks bring
minutes later. Every delivery verifies with `standardwebhooks`; none carries the caller's phone."""

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from app.accounts.organizations import find_organization
from app.kernel.clock import utcnow
from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookEndpoint
from app.storage.db import create_db_engine
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, LiveApp, call_settings
from tests.calls.test_click_to_call import BOSTON, CALLER, call_me, placed_sid, stored
from tests.coalitions.support import ALLY_A, ALLY_B, LEAD, SLUG, build_coalition
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator
from tests.live import free_port, live_server
from tests.support import AppFor, recorded_census
from tests.webhooks.receiver import Receiver, running_receiver
from tests.webhooks.support import deliveries, new_endpoint, run_due

# The app places its calls itself on either backend, and its dispatch job may deliver to loopback too.
PLACING_AND_DELIVERING: dict[str, object] = {
    "jobs_in_web": True,
    "webhook_allowed_networks": ["127.0.0.1/32"],
}
# What a delivery said: its event, partner code, source code and target.
Told = tuple[str, str | None, str | None, str]
CALLER_FRAGMENTS = (CALLER, "6175550123", "555-0123", "5550123")


@pytest.fixture
def simulator() -> Iterator[TwilioSimulator]:
    sim = TwilioSimulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def live_app(synced_url: str, simulator: TwilioSimulator, app_for: AppFor) -> Iterator[LiveApp]:
    """tests/calls' live app, on this test's database of either backend, placing its own calls."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = call_settings(
        synced_url, base_url=base_url, api_url=simulator.base_url, **PLACING_AND_DELIVERING
    )
    with recorded_census() as router:
        router.route(host="127.0.0.1").pass_through()
        with live_server(app_for(settings), port=port), httpx.Client(base_url=base_url, timeout=30) as http:
            yield LiveApp(base_url, settings, http)


def endpoints_for(database_url: str, receivers: dict[str, Receiver]) -> dict[str, WebhookEndpoint]:
    """An endpoint taking every event for each organization, on its own receiver."""
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        organizations = {name: find_organization(session, name=name) for name in receivers}
    made = {}
    for name, receiver in receivers.items():
        organization = organizations[name]
        assert organization is not None
        assert organization.id is not None
        made[name] = new_endpoint(engine, receiver.url, organization_id=organization.id)
    engine.dispose()
    return made


def deliver_everything(database_url: str) -> None:
    """Run deliveries (as the app's own dispatch job also does) until every one was delivered."""
    engine = create_db_engine(database_url)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        run_due(engine, now=utcnow())
        statuses = {delivery.status for delivery in deliveries(engine)}
        if statuses == {DeliveryStatus.DELIVERED}:
            break
        time.sleep(0.05)
    engine.dispose()
    assert statuses == {DeliveryStatus.DELIVERED}


def told(receiver: Receiver, endpoint: WebhookEndpoint) -> list[Told]:
    """(event, partner, source, target) of each verified delivery, sorted; no caller's phone in any."""
    events: list[Told] = []
    for request in receiver.received:
        for fragment in CALLER_FRAGMENTS:
            assert fragment not in request.body.decode()
        sent = Webhook(endpoint.secret).verify(request.body, request.headers)
        data = sent["data"]
        events.append((sent["type"], data["partner"], data["source"], data["target"]["id"]))
    return sorted(events, key=str)


def test_the_owner_hears_of_every_call_and_each_partner_of_its_own(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    build_coalition(live_app.settings.database_url)
    with ExitStack() as stack:
        receivers = {name: stack.enter_context(running_receiver()) for name in (LEAD, ALLY_A, ALLY_B)}
        endpoints = endpoints_for(live_app.settings.database_url, receivers)

        # Ally A's link, self-dialed: one report, with a source code.
        answer_a = live_app.http.get(
            f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON, "p": "ally-a", "src": "email"}
        ).json()
        target_a = answer_a["targets"][0]["id"]
        report = {"token": "browser-of-ana-0001", "target_id": target_a, "lookup": answer_a["lookup"]}
        reported = live_app.http.post(
            f"/api/v1/campaigns/{SLUG}/outcomes", json={**report, "outcome": "contact"}
        )
        assert reported.status_code == 200, reported.text

        # Ally B's link, "Call me": the keypad outcomes come later, in Twilio's signed callbacks.
        lookup_b = live_app.http.get(
            f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON, "p": "ally-b"}
        ).json()["lookup"]
        simulator.phones[CALLER] = Phone(actions=["1", STAY, "1", "1", STAY, "2", "1", STAY, "1"])
        placed = call_me(live_app, lookup=lookup_b)
        assert placed.status_code == 201, placed.text
        call_id = placed.json()["id"]
        simulator.wait(placed_sid(live_app, call_id))
        call, legs = stored(live_app, call_id)
        assert call.status == "completed"

        deliver_everything(live_app.settings.database_url)

        bridged: list[Told] = [("call.completed", "ally-b", None, leg.target_id) for leg in legs]
        bridged += [("outcome.reported", "ally-b", None, leg.target_id) for leg in legs if leg.outcome]
        assert any(event == "outcome.reported" for event, *_rest in bridged), "a keypad outcome came back"
        self_reported: list[Told] = [
            ("call.completed", "ally-a", "email", target_a),
            ("outcome.reported", "ally-a", "email", target_a),
        ]
        assert told(receivers[ALLY_A], endpoints[ALLY_A]) == sorted(self_reported, key=str)
        assert told(receivers[ALLY_B], endpoints[ALLY_B]) == sorted(bridged, key=str)
        assert told(receivers[LEAD], endpoints[LEAD]) == sorted(self_reported + bridged, key=str)
        for receiver in receivers.values():
            for request in receiver.received:
                assert json.loads(request.body)["data"]["campaign"] == SLUG
