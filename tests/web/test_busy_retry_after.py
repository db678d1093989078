"""A lookup refused because the geocoder is busy says when to come back (issue 25, item 9e):
`Retry-After` on the page's 503 (no JavaScript) as on the API's JSON one."""

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.support import CENSUS_URL, AppFor, app_settings, census_answer

TARGETS = "/api/v1/campaigns/grace-no-ban/targets"
BOSTON = "1 Ashburton Place, Boston, MA 02108"
PITTSFIELD = "70 Allen St, Pittsfield, MA 01201"


class HeldGeocoder:
    """The Census geocoder, holding each answer until released: the one slot stays taken meanwhile."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.released = threading.Event()

    async def answer(self, request: httpx.Request) -> httpx.Response:
        self.arrived.set()
        while not self.released.is_set():
            await asyncio.sleep(0.01)
        return census_answer(request)


@pytest.fixture
def geocoder() -> Iterator[HeldGeocoder]:
    held = HeldGeocoder()
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").mock(side_effect=held.answer)
        yield held
        held.released.set()


@pytest.fixture
def one_slot(database_url: str) -> Settings:
    return app_settings(
        database_url, geocoder_max_in_flight=1, geocoder_queue_seconds=0, geocoder_retry_after_seconds=7
    )


def test_the_busy_page_and_api_say_retry_after(
    one_slot: Settings, geocoder: HeldGeocoder, app_for: AppFor
) -> None:
    answers: list[httpx.Response] = []
    with TestClient(app_for(one_slot)) as client:
        first = threading.Thread(
            target=lambda: answers.append(client.get(TARGETS, params={"address": BOSTON}))
        )
        first.start()
        assert geocoder.arrived.wait(timeout=60), "the first lookup holds the geocoder's one slot"
        page = client.post("/c/grace-no-ban", data={"address": PITTSFIELD}, headers={"accept": "text/html"})
        api = client.get(TARGETS, params={"address": PITTSFIELD})
        geocoder.released.set()
        first.join(timeout=60)
    assert (page.status_code, page.headers.get("retry-after")) == (503, "7")
    assert 'data-code="geocoder_busy"' in page.text
    assert (api.status_code, api.headers.get("retry-after"), api.json()["code"]) == (
        503,
        "7",
        "geocoder_busy",
    )
    assert [answer.status_code for answer in answers] == [200]
