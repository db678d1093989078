"""A served lookup leaves nothing for the garbage collector: everything it made dies with it.

Cyclic garbage is freed only by collections, and a collection pauses every request in flight: at a
warm peak one request's cycle (the session and the scope holding each other) meant a collection of
~13,600 objects every ~2,800 lookups, 12-16 ms each (docs/performance.md).
"""

import gc
from collections import Counter

import respx
from fastapi.testclient import TestClient
from starlette.types import Message

from tests.support import AppFor, app_settings

BOSTON = b"address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
TARGETS = "/api/v1/campaigns/grace-no-ban/targets"


def test_a_warm_lookup_leaves_no_cyclic_garbage(
    database_url: str, census: respx.Router, app_for: AppFor
) -> None:
    # Without the in-process job worker: its polls run on the same loop at times of their own, and
    # the first compiles its statements (garbage of its own, not a lookup's) whenever it comes.
    with TestClient(app_for(app_settings(database_url, jobs_in_web=False))) as client:
        lookups_leave_no_garbage(client)


def lookups_leave_no_garbage(client: TestClient) -> None:
    assert client.get(f"{TARGETS}?{BOSTON.decode()}").status_code == 200  # warm: located, answer kept
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def lookups() -> None:
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        for _ in range(20):
            scope = {
                "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                "scheme": "http", "path": TARGETS, "raw_path": TARGETS.encode(), "query_string": BOSTON,
                "root_path": "", "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 1),
                "server": ("testserver", 80), "state": {},
            }  # fmt: skip
            await client.app(scope, receive, send)
        gc.collect()

    assert client.portal is not None
    try:
        client.portal.call(lookups)
        garbage = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert statuses == [200] * 20
    assert garbage == Counter()
