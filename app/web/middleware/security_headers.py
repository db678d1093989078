"""The security headers every response carries, as a policy one function decides per request.

`header_policy(path)` is the one place to change them: a page that may be framed (an embed, for
the origins its campaign lists) overrides `frame_ancestors` there, and the rest stays the same.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Pages use only our own scripts and styles; nothing from a CDN. Images may also come over https:
# legislators' portraits (SWITCHBOARD_CONGRESS_IMAGE_URL, Open States' `image`), loaded without a
# referrer, so no image host learns which page or address asked.
BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# The interactive API docs load their scripts from a CDN and run an inline bootstrap.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; base-uri 'none'; object-src 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


@dataclass(frozen=True)
class HeaderPolicy:
    """What a response may do in a browser. `frame_ancestors` is a CSP source list."""

    content_security_policy: str = BASE_CSP
    frame_ancestors: str = "'none'"
    referrer_policy: str = "same-origin"

    def headers(self) -> list[tuple[bytes, bytes]]:
        csp = f"{self.content_security_policy}; frame-ancestors {self.frame_ancestors}"
        pairs = [
            ("content-security-policy", csp),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", self.referrer_policy),
        ]
        if self.frame_ancestors == "'none'":
            # Browsers without CSP level 2 understand only this.
            pairs.append(("x-frame-options", "DENY"))
        return [(name.encode(), value.encode()) for name, value in pairs]


def header_policy(path: str) -> HeaderPolicy:
    """The policy for a request path. Nothing may be framed yet."""
    if path.startswith(DOCS_PATHS):
        return HeaderPolicy(content_security_policy=DOCS_CSP)
    return HeaderPolicy()


def _frame_ancestors(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name.lower() == b"content-security-policy" and b"frame-ancestors" in value:
            return bytes(value).decode("latin-1")
    return ""


class SecurityHeaders:
    """ASGI middleware adding `header_policy(path)`'s headers to every HTTP response."""

    def __init__(self, app: ASGIApp, policy: Callable[[str], HeaderPolicy] = header_policy) -> None:
        self._app = app
        self._policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        policy = self._policy(str(scope.get("path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                framing = _frame_ancestors(headers)
                extra = policy.headers()
                if framing:
                    # The framing middleware decided who may frame this response (an embed): keep its word.
                    csp = f"{policy.content_security_policy}; {framing}".encode()
                    extra = [(b"content-security-policy", csp), *extra[1:3]]
                names = {name for name, _ in extra}
                kept = [(k, v) for k, v in headers if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self._app(scope, receive, send_with_headers)
