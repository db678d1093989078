"""The heat map on a 390 px phone in a real Chromium: it scrolls inside its box, never the page, and
axe-core finds nothing serious in it (headers, contrast of every shade)."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import respx
from playwright.sync_api import Browser, expect

from app.kernel.vocabulary import LegStatus, Outcome
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.live import ARTIFACTS, AXE, CHROMIUM, live_server, serious_axe_violations
from tests.support import PASSWORD, STAFF_EMAIL, AppFor, add_accounts
from tests.web.test_tallies_heat_map import add_leg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (not CHROMIUM.exists() or not AXE.exists()) and os.environ.get("CI") != "true",
        reason="Debian's chromium or axe-core (npm ci) is not installed",
    ),
]


def test_the_heat_map_on_a_phone(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> None:
    census.route(host="127.0.0.1").pass_through()
    engine = create_db_engine(settings.database_url)
    start = datetime.now(UTC) - timedelta(days=6)
    with session_scope(engine) as session:
        # Every shade: a week of hours with 0 to 8 unreachable calls each, some while closed.
        for n in range(7 * 24):
            moment = start + timedelta(hours=n)
            for repeat in range(n % 9):
                status, outcome = (
                    (LegStatus.BUSY, None) if repeat % 2 else (LegStatus.COMPLETED, Outcome.VOICEMAIL)
                )
                add_leg(session, n * 10 + repeat, created=moment, status=status, outcome=outcome)
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    add_accounts(settings.database_url)
    with live_server(app_for(settings)) as base_url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base_url}/admin")
        page.fill("#email", STAFF_EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.goto(f"{base_url}/admin/campaigns/grace-no-ban/tallies")
        table = page.locator("table.heat").first
        expect(table.locator("caption")).to_contain_text("Bernard Sanders: Burlington office")
        for level in range(5):
            assert table.locator(f"td.heat-{level}").count() > 0, level
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "tallies-heat-phone.png"))
        # The heat map only: the rest of the dashboard is not this test's.
        assert serious_axe_violations(page, within="section.office-heat") == []
