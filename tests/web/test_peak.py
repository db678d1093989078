"""A campaign peak against the real server: lookups of new addresses never hang and never fail
with a 500; past the cap on geocoder calls in flight they are refused with a clear 503."""

import asyncio
import contextlib
import ssl
from collections import Counter
from pathlib import Path

import httpx

from app.settings import Settings
from tests.fakes.slow_geocoder import SlowGeocoder
from tests.live import live_server
from tests.support import AppFor, app_settings

LOOKUPS = 400
CLIENT_CONNECTIONS = 20
TARGETS = "/api/v1/campaigns/grace-no-ban/targets"


def peak_settings(database_url: str, census_url: str, **overrides: object) -> Settings:
    """A peak as production meets it: the directory's and campaigns' versions re-read every 2 s
    (the default), not on every request as the tests' processes do; nothing changes here meanwhile."""
    return app_settings(
        database_url, census_geocoder_url=census_url, read_model_check_seconds=2.0, **overrides
    )


async def look_up_all(base_url: str, addresses: list[str]) -> list[httpx.Response]:
    """Every lookup at once, each on its own connection, answers in the order of `addresses`.

    The connections are spread over clients of CLIENT_CONNECTIONS each: httpx's pool looks at every
    connection it holds on each request and response, which over hundreds in one client cost this
    test process seconds of CPU, taken from the server under test."""
    groups = [addresses[i : i + CLIENT_CONNECTIONS] for i in range(0, len(addresses), CLIENT_CONNECTIONS)]
    tls = ssl.create_default_context()  # unused (plain HTTP), but each client would load its own
    async with contextlib.AsyncExitStack() as stack:
        lookups = []
        for group in groups:
            limits = httpx.Limits(max_connections=len(group))
            client = httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60, verify=tls)
            await stack.enter_async_context(client)
            lookups += [client.get(TARGETS, params={"address": a}) for a in group]
        return await asyncio.wait_for(asyncio.gather(*lookups), timeout=90)


def test_hundreds_of_new_addresses_get_an_answer_or_a_clear_busy(database_url: str, app_for: AppFor) -> None:
    geocoder = SlowGeocoder(delay_seconds=0.3)
    addresses = [f"{n} Ashburton Place, Boston, MA 02108" for n in range(1, LOOKUPS + 1)]
    with live_server(geocoder.app()) as census_url:
        settings = peak_settings(
            database_url, census_url, geocoder_max_in_flight=32, geocoder_queue_seconds=0.5
        )
        with live_server(app_for(settings)) as base_url:
            responses = asyncio.run(look_up_all(base_url, addresses))
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[200] >= 32
    assert statuses[503] > 0  # 400 at once cannot all be placed within half a second by 32 slots
    busy = [r for r in responses if r.status_code == 503]
    assert {r.json()["code"] for r in busy} == {"geocoder_busy"}
    assert {r.headers["retry-after"] for r in busy} == {"5"}
    assert geocoder.most_in_flight <= 32
    ok = [r.json() for r in responses if r.status_code == 200]
    assert {tuple(t["name"] for t in body["targets"]) for body in ok} == {
        ("Edward J. Markey", "Elizabeth Warren", "Ayanna Pressley")
    }


def test_with_room_for_all_every_lookup_succeeds_and_one_address_is_asked_once(
    database_url: str, app_for: AppFor
) -> None:
    geocoder = SlowGeocoder(delay_seconds=0.3)
    distinct = [f"{n} Ashburton Place, Boston, MA 02108" for n in range(1, 201)]
    repeated = ["1 Ashburton  place, boston, MA 02108"] * 100
    with live_server(geocoder.app()) as census_url:
        settings = peak_settings(database_url, census_url, geocoder_max_in_flight=256)
        with live_server(app_for(settings)) as base_url:
            responses = asyncio.run(look_up_all(base_url, distinct + repeated))
    assert Counter(r.status_code for r in responses) == {200: 300}
    # The repeats of the first address shared its call (single flight) or found it remembered: without
    # that the geocoder would see 100 more. A call may be retried once on a transient failure, which a
    # loaded CI machine can cause, so a couple of extra calls are not a failure of single flight.
    assert len(distinct) <= len(geocoder.addresses) <= len(distinct) + 2


def test_the_page_says_many_people_are_calling(database_url: str, tmp_path: Path, app_for: AppFor) -> None:
    geocoder = SlowGeocoder(delay_seconds=2)
    with live_server(geocoder.app()) as census_url:
        settings = peak_settings(
            database_url, census_url, geocoder_max_in_flight=1, geocoder_queue_seconds=0.1
        )
        with live_server(app_for(settings)) as base_url:

            async def two_at_once() -> list[httpx.Response]:
                async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                    first = asyncio.create_task(
                        client.get(TARGETS, params={"address": "1 Main St, Boston, MA"})
                    )
                    await asyncio.sleep(0.5)
                    page = await client.post(
                        "/c/grace-no-ban",
                        data={"address": "2 Main St, Boston, MA"},
                        headers={"accept": "text/html"},
                    )
                    return [await first, page]

            first, page = asyncio.run(two_at_once())
    assert first.status_code == 200
    assert page.status_code == 503
    assert "Many people are calling right now; try again in a few seconds" in page.text
