"""The one middleware every request passes through, in one pass with one wrapper around `send`.

In order: the trusted proxy's client and scheme (`forwarded`), the request guard's refusals
(`request_guard`), the session cookie, read only if a route asks (`sessions`), HEAD answered like
GET (`methods`), gzip for public pages (`compression`), and on the way out the security headers,
framing included (`security_headers`, `framing`). Each rule lives in its module; this class only
applies them. One layer instead of seven: each layer wrapped `send` once more and re-read the
headers, and together they cost a warm lookup more than the lookup (see docs/performance.md).
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.middleware.compression import compressible, page_compressor
from app.web.middleware.forwarded import forwarded_scope
from app.web.middleware.methods import head_like_get
from app.web.middleware.request_guard import guard, refuse
from app.web.middleware.security_headers import header_policy, with_security_headers
from app.web.middleware.sessions import SessionCookie


class Edge:
    def __init__(self, app: ASGIApp, *, trusted_proxy: bool, session_cookie: SessionCookie) -> None:
        self._app = app
        self._compressed = page_compressor(app)
        self._trusted_proxy = trusted_proxy
        self._session_cookie = session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket" and self._trusted_proxy:
                scope = forwarded_scope(scope)
            await self._app(scope, receive, send)
            return
        if self._trusted_proxy:
            scope = forwarded_scope(scope)
        path: str = scope["path"]
        policy = header_policy(path)
        session = self._session_cookie.session_for(scope)
        scope["session"] = session
        head = head_like_get(scope)
        session_cookie = self._session_cookie

        async def send_from_edge(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                session_cookie.finish(session, headers)
                message["headers"] = with_security_headers(policy, headers)
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        receive, refusal = await guard(scope, receive)
        if refusal is not None:
            await refuse(send_from_edge, refusal)
            return
        if head:
            scope = {**scope, "method": "GET"}
        app = self._compressed if compressible(path) else self._app
        await app(scope, receive, send_from_edge)
