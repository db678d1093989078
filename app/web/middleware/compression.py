"""Public pages gzipped (the result page is 18 KB, 4 KB compressed); admin pages never.

BREACH recovers a secret from a compressed page that also reflects what an attacker sends. Admin
pages carry CSRF tokens beside reflected input, so they are sent as they are. Public pages carry
no secret worth the attack: their lookup token is one anyone gets by looking an address up. The
JSON API, Twilio's webhooks and the static files are left alone (API clients and Twilio are
machines on fast links; static files are compressed by their own app). Below 1 KB gzip saves less
than its headers cost.
"""

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

UNCOMPRESSED_PREFIXES = ("/admin", "/api", "/twilio", "/static")
MINIMUM_SIZE = 1024


class CompressPages:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=MINIMUM_SIZE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(UNCOMPRESSED_PREFIXES):
            await self.app(scope, receive, send)
            return
        await self.gzip(scope, receive, send)
