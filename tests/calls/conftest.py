"""The app served for real on loopback, with the Twilio simulator in front of it."""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from app.settings import Settings
from tests.fakes.twilio_sim import TwilioSimulator
from tests.live import free_port, live_server
from tests.support import AppFor, app_settings, recorded_census

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "simulated-auth-token"
FROM_NUMBER = "+16175550100"
CALL_IN_NUMBER = "+16175550199"


@dataclass
class LiveApp:
    base_url: str
    settings: Settings
    http: httpx.Client


@pytest.fixture
def simulator() -> Iterator[TwilioSimulator]:
    sim = TwilioSimulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    sim.start()
    yield sim
    sim.stop()


def call_settings(database_url: str, *, base_url: str, api_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "public_base_url": base_url,
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": FROM_NUMBER,
        "twilio_api_url": api_url,
        "call_rate_per_second": 50,
        **overrides,
    }
    return app_settings(database_url, **values)


@pytest.fixture
def live_app(database_url: str, simulator: TwilioSimulator, app_for: AppFor) -> Iterator[LiveApp]:
    """Switchboard on a real port; the Census geocoder answers from recordings (respx)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = call_settings(database_url, base_url=base_url, api_url=simulator.base_url)
    with recorded_census() as router:
        router.route(host="127.0.0.1").pass_through()
        with (
            live_server(app_for(settings), port=port),
            httpx.Client(base_url=base_url, timeout=30) as http,
        ):
            yield LiveApp(base_url, settings, http)
