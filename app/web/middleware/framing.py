"""Who may show our pages in a frame: nobody, except a campaign's embed page on its `embed_origins`."""

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FRAMING_HEADER = "content-security-policy"
REFUSE = "frame-ancestors 'none'"


def allow_framing(response: Response, origins: list[str]) -> Response:
    """Let this response be framed by our own pages and the campaign's partner sites only."""
    response.headers[FRAMING_HEADER] = "frame-ancestors " + " ".join(["'self'", *origins])
    return response


class RefuseFraming:
    """Every response that did not allow framing itself refuses it (CSP, and X-Frame-Options for
    browsers that predate frame-ancestors), so no page can be clickjacked inside another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_refusing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if FRAMING_HEADER.encode() not in names:
                    headers.append((FRAMING_HEADER.encode(), REFUSE.encode()))
                    headers.append((b"x-frame-options", b"DENY"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_refusing)
