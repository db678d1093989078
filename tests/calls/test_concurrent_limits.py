"""Call limits hold under concurrent "Call me" requests, on SQLite and PostgreSQL (issue 13)."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest

from app.calls.placing import CallMeRequest, request_bridged_call
from app.kernel.errors import CallLimitError
from app.runtime.container import Services, build_services
from tests.calls.conftest import call_settings
from tests.fakes.twilio_sim import Phone, TwilioSimulator

ZIP_ONE_DISTRICT = "21550"  # located offline: no geocoder in these tests


@pytest.fixture
def services(synced_url: str, simulator: TwilioSimulator) -> Iterator[Services]:
    settings = call_settings(
        synced_url,
        base_url="http://127.0.0.1:9",  # nobody answers Twilio's webhooks: calls just ring out
        api_url=simulator.base_url,
        call_limit_per_ip_per_hour=10_000,
        call_limit_per_office=10_000,
        call_limit_per_phone_per_day=3,
        call_limit_in_progress=5,
    )
    built = build_services(settings)
    yield built
    built.close()


class RecordingQueue:
    """Where the recorded calls would wait for a worker: here, a list (no worker runs)."""

    def __init__(self) -> None:
        self.call_ids: list[str] = []

    async def enqueue_call(self, call_id: str) -> None:
        self.call_ids.append(call_id)


def attempt(services: Services, phone: str, queue: RecordingQueue) -> str:
    request = CallMeRequest(slug="grace-no-ban", address=ZIP_ONE_DISTRICT, phone=phone, client_ip="192.0.2.1")

    async def place() -> str:
        placed = await request_bridged_call(
            engine=services.engine,
            data=services.read_models,
            locator=services.locator,
            telephony=services.telephony,
            settings=services.settings,
            request=request,
            queue=queue,
        )
        return str(placed.status)

    try:
        anyio.run(place)
    except CallLimitError as error:
        return error.code
    return "placed"


def test_concurrent_calls_stop_exactly_at_the_phone_limit_and_the_spend_breaker(
    services: Services, simulator: TwilioSimulator
) -> None:
    # One database per backend for both checks: preparing one (the directory) is the slow part.
    phone = "+16175550142"
    simulator.phones[phone] = Phone(answer="no-answer")
    queue = RecordingQueue()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _n: attempt(services, phone, queue), range(24)))
    assert results.count("placed") == 3
    assert set(results) == {"placed", "phone_limit_reached"}
    assert len(queue.call_ids) == 3
    # No worker places them, so every recorded call stays live for the breaker: three are, and
    # the limit is five.
    phones = [f"+1617555{n:04d}" for n in range(200, 224)]
    for other in phones:
        simulator.phones[other] = Phone(answer="busy")
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda number: attempt(services, number, queue), phones))
    assert results.count("placed") == 2, results
    assert set(results) == {"placed", "calls_busy"}
