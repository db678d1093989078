"""Refuses hostile requests before any route parses them.

- control characters (NUL included) in the path or query: 400, before a database sees them;
- a body over the route's cap (a few kB for public JSON): 413, without buffering the rest;
- a NUL in a form or JSON body, or JSON/YAML nested deeper than `MAX_NESTING`: 400.
Bodies within the cap are read here once and handed on unchanged.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from starlette.types import Message, Receive, Scope, Send

KB = 1024
MAX_NESTING = 32
# (path prefix, largest body): the first match wins.
BODY_LIMITS: tuple[tuple[str, int], ...] = (
    # A campaign file: up to files.MAX_FILE_BYTES, room for a list of 10,000 people as CSV.
    ("/api/v1/admin/campaigns/", 2048 * KB),
    ("/api/v1/admin/", 128 * KB),
    ("/admin/api/people/", 1024 * KB),  # a CSV list of up to 10,000 people (people_csv.MAX_CSV_BYTES)
    # The campaign builder's form and the campaign file editor (a list of people up to 1 MB inside),
    # and the builder's preview and state check, which post the whole form.
    ("/admin/campaigns/", 2048 * KB),
    ("/admin/builder/", 2048 * KB),
    ("/admin/", 128 * KB),
    ("/twilio/", 32 * KB),  # Twilio's form posts are small
    ("/", 4 * KB),  # public JSON and forms: an address, a phone, a name
)
# A control character raw, or percent-encoded (%00-%1F, %7F): what unquoting then searching would
# find, in one search of the bytes as sent (a warm lookup's query unquoted cost 3% of its CPU).
_CONTROL_RAW_OR_ENCODED = re.compile(rb"[\x00-\x1f\x7f]|%(?:[01][0-9A-Fa-f]|7[Ff])")
# The same refusals as JSON Schema character classes, for /openapi.json (app/web/openapi.py):
# a path or query parameter has no control character, a body string and key no NUL.
CONTROL_CHARACTER = "[\\u0000-\\u001f\\u007f]"
NUL_CHARACTER = "[\\u0000]"
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    detail: str


def body_limit(path: str) -> int:
    return next(limit for prefix, limit in BODY_LIMITS if path.startswith(prefix))


def check_target(scope: Scope) -> Refusal | None:
    """A path or query with a control character (raw or percent-encoded) is refused."""
    raw_path = scope.get("raw_path") or str(scope.get("path", "")).encode()
    for part in (raw_path, scope.get("query_string", b"")):
        if _CONTROL_RAW_OR_ENCODED.search(part):
            return Refusal(400, "invalid_request", "The address of this request has control characters.")
    return None


def check_body(body: bytes, content_type: str) -> Refusal | None:
    """A NUL anywhere in a form or JSON body, or nesting deeper than MAX_NESTING, is refused."""
    if "application/x-www-form-urlencoded" in content_type:
        if b"\x00" in unquote_to_bytes(body.replace(b"+", b" ")):
            return Refusal(400, "invalid_request", "The request has a NUL character.")
        return None
    if b"\x00" in body or ("json" in content_type and _json_has_nul(body)):
        return Refusal(400, "invalid_request", "The request has a NUL character.")
    if _nesting_depth(_JSON_STRING.sub(b'""', body) if "json" in content_type else body) > MAX_NESTING:
        return Refusal(400, "invalid_request", f"The request is nested more than {MAX_NESTING} levels deep.")
    return None


def _json_has_nul(body: bytes) -> bool:
    if b"\\u0000" not in body.lower():
        return False
    return any("\x00" in text for text in _json_strings(body))


def _json_strings(body: bytes) -> Iterator[str]:
    for match in _JSON_STRING.finditer(body):
        try:
            yield str(json.loads(match.group()))
        except ValueError:
            continue


def _nesting_depth(body: bytes) -> int:
    depth = deepest = 0
    for bracket in _BRACKETS.finditer(body):
        depth = depth + 1 if bracket.group() in (b"[", b"{") else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


async def guard(scope: Scope, receive: Receive) -> tuple[Receive, Refusal | None]:
    """The checks above for one HTTP request: what the app should `receive` (a body within its cap
    is read here once and replayed unchanged) and the refusal, if any, to send instead."""
    refusal = check_target(scope)
    if refusal is None and _has_body(scope):
        body, refusal = await _read_body(scope, receive)
        if refusal is None:
            refusal = check_body(body, _header(scope, b"content-type"))
        receive = _replay(body)
    return receive, refusal


def _has_body(scope: Scope) -> bool:
    return scope.get("method") not in ("GET", "HEAD", "OPTIONS")


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1").lower()
    return ""


async def _read_body(scope: Scope, receive: Receive) -> tuple[bytes, Refusal | None]:
    limit = body_limit(str(scope.get("path", "")))
    too_large = Refusal(413, "request_too_large", f"The request body must be under {limit // KB} kB.")
    declared = _header(scope, b"content-length")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return b"", too_large
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", too_large
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def refuse(send: Send, refusal: Refusal) -> None:
    """Answer with the refusal as JSON `{"code", "detail"}`."""
    body = json.dumps({"code": refusal.code, "detail": refusal.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
