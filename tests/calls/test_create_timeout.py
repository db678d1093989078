"""A `calls.create` that times out while Twilio places the call: the constituent gets the real call.

(issue 25, 6) It used to be recorded `failed`, so the phone rang and the constituent heard "Goodbye".
"""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.calls.conftest import LiveApp, call_settings
from tests.calls.test_click_to_call import CALLER, call_me, stored
from tests.fakes.twilio_sim import STAY, Phone, SimCall, TwilioSimulator
from tests.live import free_port, live_server
from tests.support import AppFor, recorded_census


@pytest.fixture
def impatient_app(database_url: str, simulator: TwilioSimulator, app_for: AppFor) -> Iterator[LiveApp]:
    """The live app, giving up on Twilio's answers after a second."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = call_settings(
        database_url, base_url=base_url, api_url=simulator.base_url, http_timeout_seconds=1
    )
    with recorded_census() as router:
        router.route(host="127.0.0.1").pass_through()
        with (
            live_server(app_for(settings), port=port),
            httpx.Client(base_url=base_url, timeout=30) as http,
        ):
            yield LiveApp(base_url, settings, http)


def rung(sim: TwilioSimulator) -> SimCall:
    """The call Twilio placed to the constituent, once it is over."""
    deadline = time.monotonic() + 30
    while not sim.calls:
        assert time.monotonic() < deadline, "Twilio never placed the call"
        time.sleep(0.02)
    (call,) = sim.calls.values()
    return sim.wait(call.sid, timeout=30)


def test_the_phone_rings_after_a_timeout_and_the_constituent_hears_the_campaign(
    impatient_app: LiveApp, simulator: TwilioSimulator
) -> None:
    simulator.faults.create_times_out = True
    simulator.phones[CALLER] = Phone(actions=["1", STAY, "1", "*", "*"])
    response = call_me(impatient_app)
    assert response.status_code == 201, response.text
    call_id = response.json()["id"]

    placed = rung(simulator)

    transcript = " ".join(placed.transcript)
    assert "Goodbye" not in placed.transcript[0]
    assert "Markey" in transcript
    call, legs = stored(impatient_app, call_id)
    assert (call.status, call.error_code) == ("completed", None)
    assert legs[0].outcome == "contact"
