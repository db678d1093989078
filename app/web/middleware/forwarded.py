"""The client's address and scheme behind a proxy we trust, and only then.

With `SWITCHBOARD_TRUSTED_PROXY=true` the peer that connects is our own proxy: the client is the
last `X-Forwarded-For` entry (the one our proxy added; earlier entries are whatever the client
sent) and the scheme the last `X-Forwarded-Proto`. Otherwise both headers are ignored. This is the
only place forwarded headers are read: `switchboard serve` runs uvicorn with its own proxy-header
handling off, so every part of the app (limits, sign-in, logs) sees the same client.
"""

from app.web.middleware.security_headers import ASGIApp, Receive, Scope, Send


def last_entry(value: str) -> str:
    return value.split(",")[-1].strip()


class TrustedProxy:
    """ASGI middleware rewriting `scope["client"]` and `scope["scheme"]` from our proxy's headers."""

    def __init__(self, app: ASGIApp, *, trusted: bool) -> None:
        self._app = app
        self._trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._trusted and scope["type"] in ("http", "websocket"):
            headers = {
                bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
                for k, v in scope.get("headers", [])
            }
            client = last_entry(headers.get("x-forwarded-for", ""))
            if client:
                port = scope["client"][1] if scope.get("client") else 0
                scope = {**scope, "client": (client, port)}
            proto = last_entry(headers.get("x-forwarded-proto", "")).lower()
            if proto in ("http", "https"):
                scope = {**scope, "scheme": proto if scope["type"] == "http" else proto.replace("http", "ws")}
        await self._app(scope, receive, send)
