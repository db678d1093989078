"""Who may show our pages in a frame: nobody, except a campaign's embed page on its `embed_origins`.

Every response refuses framing (the security headers: CSP `frame-ancestors 'none'`, and
`X-Frame-Options: DENY` for browsers that predate it), so no page can be clickjacked inside another
site; a response that calls `allow_framing` keeps its own `frame-ancestors` instead
(`security_headers.with_security_headers`).
"""

from starlette.responses import Response

FRAMING_HEADER = "content-security-policy"


def allow_framing(response: Response, origins: list[str]) -> Response:
    """Let this response be framed by our own pages and the campaign's partner sites only."""
    response.headers[FRAMING_HEADER] = "frame-ancestors " + " ".join(["'self'", *origins])
    return response
