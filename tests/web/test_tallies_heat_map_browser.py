"""The heat map on a 390 px phone in a real Chromium: it scrolls inside its box, never the page, and
axe-core finds nothing serious in it (headers, contrast of every shade)."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import respx
from playwright.sync_api import Page, expect

from app.kernel.vocabulary import LegStatus, Outcome
from app.main import create_app
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.live import ARTIFACTS, AXE, CHROMIUM, chromium, live_server
from tests.support import PASSWORD, STAFF_EMAIL, add_accounts
from tests.web.test_tallies_heat_map import add_leg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (not CHROMIUM.exists() or not AXE.exists()) and os.environ.get("CI") != "true",
        reason="Debian's chromium or axe-core (npm ci) is not installed",
    ),
]


def serious_axe_violations_in(page: Page, selector: str) -> list[str]:
    """axe-core's serious and critical violations inside one part of the page (as tests/live.py's
    `serious_axe_violations` for the whole page): the rest of the dashboard is not this test's."""
    page.add_script_tag(path=str(AXE))
    rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    script = "([selector, rules]) => axe.run(document.querySelector(selector), {runOnly: rules})"
    results = page.evaluate(script, [selector, rules])
    return [
        f"{v['id']}: {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_heat_map_on_a_phone(settings: Settings, census: respx.Router) -> None:
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
    with live_server(create_app(settings)) as base_url, chromium() as browser:
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
        assert serious_axe_violations_in(page, "section.office-heat") == []
