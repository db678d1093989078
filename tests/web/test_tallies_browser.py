"""Staff's tallies dashboard in a real Chromium, on a laptop-sized screen."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import respx
from playwright.sync_api import Browser

from app.settings import Settings
from app.storage.db import create_db_engine
from tests.live import ARTIFACTS, CHROMIUM, live_server
from tests.support import PASSWORD, STAFF_EMAIL, AppFor, add_accounts
from tests.tallies.support import record_legs, seeded_legs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="Debian's chromium is not installed"
    ),
]


def test_staff_sees_the_dashboard_with_chart_tables_and_filters(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> None:
    census.route(host="127.0.0.1").pass_through()
    engine = create_db_engine(settings.database_url)
    legs = seeded_legs(datetime.now(UTC) - timedelta(minutes=1), count=400)
    record_legs(engine, legs)
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    add_accounts(settings.database_url)
    with live_server(app_for(settings)) as base_url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base_url}/admin/campaigns/grace-no-ban/tallies")
        page.fill("#email", STAFF_EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_url("**/admin/campaigns/grace-no-ban/tallies")
        assert page.locator("[data-stat=calls]").inner_text() == str(len(legs))
        assert page.locator("svg.chart").count() == 2
        assert page.locator("svg.chart rect.bar").count() > 72
        assert page.locator("#targets tbody tr").count() == 4
        page.screenshot(path=str(ARTIFACTS / "tallies-dashboard.png"), full_page=True)

        page.select_option("select[name=chamber]", "us-house")
        page.click(".filters button[type=submit]")
        page.wait_for_url("**chamber=us-house**")
        house = sum(1 for leg in legs if leg.chamber == "us-house")
        assert page.locator("[data-stat=calls]").inner_text() == str(house)
        assert page.locator("#targets tbody tr").count() == 2

        page.click("#targets thead a:has-text('Legislator')")
        page.wait_for_url("**sort=name**")
        names = page.locator("#targets tbody td:first-child").all_inner_texts()
        assert names == sorted(names)


def test_staff_reads_the_tallies_on_a_phone_from_the_admin_home(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> None:
    census.route(host="127.0.0.1").pass_through()
    engine = create_db_engine(settings.database_url)
    record_legs(engine, seeded_legs(datetime.now(UTC) - timedelta(minutes=1), count=200))
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    add_accounts(settings.database_url)
    with live_server(app_for(settings)) as base_url:
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(f"{base_url}/admin")
        page.fill("#email", STAFF_EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.locator("tr[data-slug=grace-no-ban]").get_by_role("link", name="Tallies").click()
        page.wait_for_url("**/admin/campaigns/grace-no-ban/tallies")
        # The page itself never scrolls sideways: wide tables and charts scroll inside their boxes.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        chambers = set(page.locator("#targets tbody td:nth-child(2)").all_inner_texts())
        assert chambers <= {"Senate", "House"}
        assert "us-house" not in page.locator("main").inner_text()
        languages = page.locator("select[name=language] option").all_inner_texts()
        assert languages == ["any", "English", "Español"]
        page.screenshot(path=str(ARTIFACTS / "tallies-phone.png"), full_page=True)
