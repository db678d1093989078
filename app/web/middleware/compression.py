"""Public pages gzipped (the result page is 18 KB, 4 KB compressed); admin pages never.

BREACH recovers a secret from a compressed page that also reflects what an attacker sends. Admin
pages carry CSRF tokens beside reflected input, so they are sent as they are. Public pages carry
no secret worth the attack: their lookup token is one anyone gets by looking an address up. The
JSON API, Twilio's webhooks and the static files are left alone (API clients and Twilio are
machines on fast links; static files are compressed by their own app). Below 1 KB gzip saves less
than its headers cost.
"""

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

UNCOMPRESSED_PREFIXES = ("/admin", "/api", "/twilio", "/static")
MINIMUM_SIZE = 1024


def compressible(path: str) -> bool:
    """Whether a response to `path` may be gzipped (when the client accepts it)."""
    return not path.startswith(UNCOMPRESSED_PREFIXES)


def page_compressor(app: ASGIApp) -> GZipMiddleware:
    """`app` answering with gzip what is over MINIMUM_SIZE, to clients that accept it."""
    return GZipMiddleware(app, minimum_size=MINIMUM_SIZE)
