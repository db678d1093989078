"""The embed on a partner's site of another host name, in a Chromium that blocks third-party cookies
and storage: the whole call works, its outcomes are recorded, and every word stays in the page's
language (the frame used to fail at the first outcome with the browser's own English error). A
partner's snippet (`data-partner`) gets its calls counted for that partner there too."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import respx
from playwright.sync_api import BrowserContext, expect, sync_playwright
from sqlalchemy import func, select
from sqlmodel import col
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.models.calls import CallLeg, CallSession
from app.settings import Settings
from app.storage.db import create_db_engine
from tests.coalitions.support import SLUG, build_coalition
from tests.live import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, EXPECT_TIMEOUT_MS, live_server
from tests.support import AppFor
from tests.web.test_call_flow_browser import PHONE, assert_no_english, change_campaign, partner_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="Debian's chromium is not installed"
    ),
]
# Two sites, both served on loopback: the partner's and ours.
PARTNER_HOST = "partner.test"
OUR_HOST = "switchboard.test"
# Our usual offline Chromium, with the two host names resolving to loopback.
CROSS_SITE_ARGS = [
    f"--host-resolver-rules=MAP {PARTNER_HOST} 127.0.0.1, MAP {OUR_HOST} 127.0.0.1, MAP * ~NOTFOUND, "
    "EXCLUDE 127.0.0.1",
    *(arg for arg in CHROMIUM_ARGS if not arg.startswith("--host-resolver-rules")),
]
# Chromium's own setting "Block third-party cookies", which also denies third-party storage.
BLOCK_THIRD_PARTY = {"profile": {"cookie_controls_mode": 1, "block_third_party_cookies": True}}


def on_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{host}:{parts.port}"


@pytest.fixture
def blocking_browser(tmp_path: Path) -> Iterator[BrowserContext]:
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(BLOCK_THIRD_PARTY))
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CROSS_SITE_ARGS, headless=True, viewport=PHONE
        )
        try:
            yield context
        finally:
            context.close()


STORAGE_PROBE = "() => { try { localStorage.length; return 'usable'; } catch (e) { return 'blocked'; } }"


def recorded_outcomes(settings: Settings) -> int:
    engine = create_db_engine(settings.database_url)
    with engine.connect() as connection:
        count = connection.execute(
            select(func.count()).select_from(CallLeg).where(col(CallLeg.outcome).is_not(None))
        )
        found = int(count.scalar_one())
    engine.dispose()
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_embed_works_cross_site_with_third_party_storage_blocked(
    settings: Settings,
    census: respx.Router,
    blocking_browser: BrowserContext,
    language: str,
    app_for: AppFor,
) -> None:
    census.route(host="127.0.0.1").pass_through()
    ARTIFACTS.mkdir(exist_ok=True)
    partner = Starlette(routes=[Route("/", partner_page)])
    with live_server(app_for(settings)) as app_url, live_server(partner) as partner_url:
        ours, theirs = on_host(app_url, OUR_HOST), on_host(partner_url, PARTNER_HOST)
        change_campaign(settings, embed_origins=[theirs])
        page = blocking_browser.new_page()
        page.goto(f"{theirs}/?switchboard={ours}&lang={language}")
        storage = page.evaluate(STORAGE_PROBE)
        assert storage == "usable", "the partner's own page keeps its storage"
        frame = page.frame_locator("iframe")
        frame.locator("#address").fill("05401")
        frame.locator("form.lookup button[type=submit]").click()
        first = frame.locator("article.card:visible")
        expect(first.locator("h2")).to_contain_text("Sanders")
        blocked = page.frames[1].evaluate(STORAGE_PROBE)
        assert blocked == "blocked", "the frame is denied storage, as partners' visitors' browsers do"

        before = recorded_outcomes(settings)
        first.locator("button[name=outcome][value=contact]").click()
        expect(frame.locator("#flow-status")).not_to_be_empty()
        status = frame.locator("#flow-status").inner_text()
        assert "localStorage" not in status
        assert "Access is denied" not in status
        expect(frame.locator("article.card:visible h2")).not_to_contain_text("Sanders")
        assert recorded_outcomes(settings) == before + 1
        if language == "es":
            assert_no_english(page.frames[1], "embed cross-site, storage blocked")
        iframe = page.locator("iframe")
        assert int(iframe.evaluate("f => f.getBoundingClientRect().height")) > 480, (
            "the frame follows its height"
        )
        page.screenshot(path=str(ARTIFACTS / f"embed-cross-site-{language}.png"), full_page=True)


def partner_snippet_page(request: Request) -> HTMLResponse:
    """A partner's page with its own snippet: our embed, with its partner code."""
    origin = request.query_params["switchboard"]
    code = request.query_params["partner"]
    return HTMLResponse(
        "<!doctype html><title>Ally A</title><h1>Ally A's news</h1>"
        f'<script src="{origin}/embed.js" data-campaign="{SLUG}" data-partner="{code}" async></script>'
    )


def partners_of_reports(settings: Settings) -> list[int | None]:
    engine = create_db_engine(settings.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(col(CallSession.partner_id))
            .join(CallLeg, col(CallLeg.session_id) == col(CallSession.id))
            .where(col(CallLeg.outcome).is_not(None))
        )
        found = [row[0] for row in rows]
    engine.dispose()
    return found


def test_a_partners_embed_counts_its_calls_for_it_with_third_party_storage_blocked(
    settings: Settings, census: respx.Router, blocking_browser: BrowserContext, app_for: AppFor
) -> None:
    census.route(host="127.0.0.1").pass_through()
    partner = Starlette(routes=[Route("/", partner_snippet_page)])
    with live_server(app_for(settings)) as app_url, live_server(partner) as partner_url:
        ours, theirs = on_host(app_url, OUR_HOST), on_host(partner_url, PARTNER_HOST)
        change_campaign(settings, embed_origins=[theirs])
        coalition = build_coalition(settings.database_url)
        page = blocking_browser.new_page()
        page.goto(f"{theirs}/?switchboard={ours}&partner={coalition.code_a}")
        frame = page.frame_locator("iframe")
        frame.locator("#address").fill("05401")
        frame.locator("form.lookup button[type=submit]").click()
        first = frame.locator("article.card:visible")
        expect(first.locator("h2")).to_contain_text("Sanders")
        assert page.frames[1].evaluate(STORAGE_PROBE) == "blocked"
        first.locator("button[name=outcome][value=contact]").click()
        expect(frame.locator("article.card:visible h2")).not_to_contain_text("Sanders")
        assert partners_of_reports(settings) == [coalition.partner_a]
