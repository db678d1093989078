"""Our static files: addressed by content (`?v=` a hash), so browsers keep them for a year, and
compressed when the browser accepts gzip."""

import hashlib
from functools import cache
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_DIR = Path(__file__).parent.parent / "static"
YEAR = 365 * 24 * 3600


@cache
def static_url(path: str) -> str:
    """`/static/PATH?v=HASH`: a new version of the file gets a new URL."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


class _CacheVersioned:
    """A versioned URL never changes content: cache it for a year; the rest briefly."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        versioned = b"v=" in scope.get("query_string", b"")
        policy = f"public, max-age={YEAR}, immutable" if versioned else "public, max-age=300"

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"cache-control", policy.encode())]
            await send(message)

        await self.app(scope, receive, send_cached)


def static_app() -> ASGIApp:
    return _CacheVersioned(GZipMiddleware(StaticFiles(directory=STATIC_DIR), minimum_size=1000))
