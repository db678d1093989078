"""A real uvicorn server in a background thread, and Debian's Chromium driven by Playwright."""

import os
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from starlette.applications import Starlette

CHROMIUM = Path(os.environ.get("SWITCHBOARD_TEST_CHROMIUM", "/usr/bin/chromium"))
PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
# axe-core from package.json, installed by scripts/test.sh (`npm ci`).
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    # Offline and deterministic: every host but loopback fails at once (portraits fall back to initials).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: Starlette, *, port: int | None = None) -> Iterator[str]:
    """Serve `app` on a loopback port (`port`, or a free one) until the block ends; yields its base URL.

    Start-up loads the directory into memory: on a loaded two-core CI machine that can take a while."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# Assertions wait this long for the page to reach the expected state: a loaded two-core CI machine
# runs the server, the browser and the test in one place (Playwright's default is 5 s).
EXPECT_TIMEOUT_MS = 20_000


@contextmanager
def chromium() -> Iterator[Browser]:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# axe.run for the violations only (`resultTypes`: the passing and inapplicable nodes are not
# collected, nor sent back), the serious and critical ones as "rule: target" lines.
AXE_RUN = """async ([selector, rules]) => {
    const results = await axe.run(selector ? document.querySelector(selector) : document,
                                  {runOnly: rules, resultTypes: ["violations"]});
    return results.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.id}: ${v.nodes.map(n => String(n.target)).join(", ")}`);
}"""


def serious_axe_violations(page: Page, within: str | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA and best
    practices), as "rule: target" lines, in the whole page or in the element `within` selects; the
    page's own CSP is bypassed by the browser context. axe-core is added to a document once: a
    page the script changes in place is checked again without loading it anew."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return list(page.evaluate(AXE_RUN, [within, AXE_RULES]))


# The page the copies for each screen size are shown in (`scripted_copy`), kept while its browser
# runs (`browser` leaves its context open): a new context for each copy cost more than the check.
_copy_pages: dict[tuple[int, int], Page] = {}


def scripted_copy(page: Page) -> Page:
    """The page as a browser without JavaScript shows it, reopened where axe-core can run: the same
    HTML at the same address, with styles, and without the site's own script."""
    html = page.content()
    viewport = page.viewport_size
    browser = page.context.browser
    assert viewport is not None
    assert browser is not None
    size = (viewport["width"], viewport["height"])
    copy = _copy_pages.get(size)
    if copy is None or copy.is_closed():
        copy = browser.new_context(viewport=viewport, bypass_csp=True).new_page()
        _copy_pages[size] = copy
    copy.unroute_all()
    copy.route("**/calls.js", lambda route: route.abort())
    copy.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    copy.goto(page.url)
    return copy


def shows_copies(context: BrowserContext) -> bool:
    """Whether `context` is the one a screen size's copies are shown in (`scripted_copy`)."""
    return any(copy.context is context for copy in _copy_pages.values())


def png_rows(png: bytes) -> list[bytes]:
    """The rows of channel bytes of a screenshot: an 8-bit, non-interlaced RGB or RGBA PNG."""
    width, _, depth, color = struct.unpack(">IIBB", png[16:26])
    assert depth == 8, "an 8-bit PNG"
    assert color in (2, 6), "an RGB or RGBA PNG"
    size = 3 if color == 2 else 4
    data, at = b"", 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        data += png[at + 8 : at + 8 + length] if kind == b"IDAT" else b""
        at += 12 + length
    raw, stride = zlib.decompress(data), width * size
    rows, above = [], bytearray(stride)
    for start in range(0, len(raw), stride + 1):
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left, corner = (row[x - size], above[x - size]) if x >= size else (0, 0)
            row[x] = (row[x] + _predicted(kind, left, above[x], corner)) & 255
        rows.append(bytes(row))
        above = row
    return rows


def _predicted(kind: int, left: int, up: int, corner: int) -> int:
    """PNG's filter types 0–4 (None, Sub, Up, Average, Paeth)."""
    if kind == 4:
        guess = left + up - corner
        return min((left, up, corner), key=lambda near: abs(guess - near))
    return (0, left, up, (left + up) // 2)[kind]


def largest_difference(first: bytes, second: bytes) -> int:
    """The largest difference of one colour channel between two screenshots of the same size."""
    pairs = zip(png_rows(first), png_rows(second), strict=True)
    return max(abs(a - b) for one, other in pairs for a, b in zip(one, other, strict=True))
