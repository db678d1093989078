"""A lookup walks down the layers: traced through real requests, no call goes to a higher layer.

The import graph (tests/test_layout.py) says what may call what; this follows what does. Every
direct call from one of our functions to another is recorded while the app answers lookups, and
each must go to the same unit or a lower layer. The exceptions are by design: the read models
that the runtime builds are handed down and called through the domain's own protocols
(`DirectoryReader`, `LookupData`), so a call to one of those protocol methods is not a climb; and
the edge middleware is handed the app it wraps, so its call of that app (`__call__`, the ASGI
chain: `app.web.routes.direct_dispatch` for a lookup) is not one either.
"""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from fastapi.testclient import TestClient

from app.campaigns.lookups import LookupData
from app.civic.directory.view import DirectoryReader
from tests.test_layout import LAYER_OF, unit_of

BOSTON = "1 Ashburton Place, Boston, MA 02108"


# Methods of the protocols through which the domain reads what the runtime injects.
INJECTED = frozenset(
    name for protocol in (DirectoryReader, LookupData) for name in vars(protocol) if not name.startswith("_")
)


def _unit(frame: FrameType) -> str | None:
    module = frame.f_globals.get("__name__", "")
    return unit_of(module) if isinstance(module, str) and module.startswith("app.") else None


@contextmanager
def traced_calls(client: TestClient) -> Iterator[set[tuple[str, str, str]]]:
    """(caller unit, callee unit) of every direct call between two of our functions, made on the
    client's event loop thread (where the app runs) or in threads started meanwhile."""
    seen: set[tuple[str, str, str]] = set()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call" or frame.f_back is None:
            return
        callee, caller = _unit(frame), _unit(frame.f_back)
        if callee and caller and callee != caller:
            seen.add((caller, callee, frame.f_code.co_name))

    assert client.portal is not None, "the client runs the app (inside `with TestClient(...)`)"
    client.portal.call(sys.setprofile, profile)
    threading.setprofile(profile)
    try:
        yield seen
    finally:
        client.portal.call(sys.setprofile, None)
        threading.setprofile(None)


def test_a_lookup_only_calls_down_the_layers(client: TestClient) -> None:
    with traced_calls(client) as calls:
        assert client.get("/api/v1/representatives", params={"address": BOSTON}).status_code == 200
        targets = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON})
        assert targets.status_code == 200
        assert client.get("/api/v1/campaigns/ma-safe-communities/targets", params={"address": "01003"})
    pairs = {(caller, callee) for caller, callee, _ in calls}
    assert ("app.web.routes", "app.civic.locating") in pairs, "the trace sees the lookup"
    assert ("app.civic.locating", "app.civic.directory") in pairs
    assert ("app.campaigns", "app.civic.locating") in pairs
    upward = sorted(
        f"{caller} → {callee}.{name}"
        for caller, callee, name in calls
        if LAYER_OF[callee] > LAYER_OF[caller]
        and not (callee == "app.runtime" and name in INJECTED)
        and not (caller == "app.web.middleware" and name == "__call__")
    )
    assert upward == []
