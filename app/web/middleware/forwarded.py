"""The client's address and scheme behind a proxy we trust, and only then.

With `SWITCHBOARD_TRUSTED_PROXY=true` the peer that connects is our own proxy: the client is the
last `X-Forwarded-For` entry (the one our proxy added; earlier entries are whatever the client
sent) and the scheme the last `X-Forwarded-Proto`. Otherwise both headers are ignored. This is the
only place forwarded headers are read: `switchboard serve` runs uvicorn with its own proxy-header
handling off, so every part of the app (limits, sign-in, logs) sees the same client.
"""

from starlette.types import Scope


def last_entry(value: str) -> str:
    return value.split(",")[-1].strip()


def forwarded_scope(scope: Scope) -> Scope:
    """`scope` with `client` and `scheme` as our proxy reported them (call it only behind one)."""
    headers = {
        bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1") for k, v in scope.get("headers", [])
    }
    client = last_entry(headers.get("x-forwarded-for", ""))
    if client:
        port = scope["client"][1] if scope.get("client") else 0
        scope = {**scope, "client": (client, port)}
    proto = last_entry(headers.get("x-forwarded-proto", "")).lower()
    if proto in ("http", "https"):
        scope = {**scope, "scheme": proto if scope["type"] == "http" else proto.replace("http", "ws")}
    return scope
