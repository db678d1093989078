"""The tallies by partner in Chromium, as the owner and as a partner's viewer, on a laptop and a
phone: no serious accessibility problem; screenshots in test-artifacts/ (copied to docs/images/)."""

import os
from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, Page, ViewportSize

from app.settings import Settings
from tests.coalitions.support import SLUG, build_coalition
from tests.live import ARTIFACTS, AXE, CHROMIUM, live_server, serious_axe_violations
from tests.support import PASSWORD, AppFor, app_settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (not CHROMIUM.exists() or not AXE.exists()) and os.environ.get("CI") != "true",
        reason="Debian's chromium or axe-core (npm ci) is not installed",
    ),
]
BOSTON = "1 Ashburton Place, Boston, MA 02108"
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
# (partner code, source, browsers reporting, targets each reports)
VISITS = [("ally-a", "newsletter", 5, 3), ("ally-a", "", 3, 2), ("ally-b", "instagram", 4, 1), ("", "", 2, 3)]
TARGETS = ["W000817", "M000133", "P000617"]


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Many reports from one loopback address: the per-address limit is not what is tested here."""
    return app_settings(database_url, report_limit_per_ip_per_hour=1000)


@pytest.fixture
def base_url(settings: Settings, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    build_coalition(settings.database_url)
    with live_server(app_for(settings)) as url:
        yield url


def make_calls(page: Page, base_url: str) -> None:
    n = 0
    for code, source, browsers, targets in VISITS:
        for _ in range(browsers):
            n += 1
            query: dict[str, str | float | bool] = {"address": BOSTON, "p": code, "src": source}
            lookup = page.request.get(f"{base_url}/api/v1/campaigns/{SLUG}/targets", params=query).json()[
                "lookup"
            ]
            for target in TARGETS[:targets]:
                body = {
                    "token": f"browser-{n:012d}",
                    "target_id": target,
                    "lookup": lookup,
                    "outcome": "contact",
                }
                response = page.request.post(f"{base_url}/api/v1/campaigns/{SLUG}/outcomes", data=body)
                assert response.ok, response.text()


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/admin/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin")


def test_owner_and_partner_views_of_the_tallies_by_partner(base_url: str, browser: Browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    setup = browser.new_page()
    make_calls(setup, base_url)
    for who, email in (("owner", "lead-organizer@example.org"), ("partner", "a-viewer@example.org")):
        for size, viewport in VIEWPORTS.items():
            page = _page(browser, viewport)
            sign_in(page, base_url, email)
            page.goto(f"{base_url}/admin/campaigns/{SLUG}/tallies/partners")
            assert ("Ally B" in page.content()) is (who == "owner")
            assert serious_axe_violations(page) == []
            page.screenshot(path=str(ARTIFACTS / f"partner-tallies-{who}-{size}.png"))
            page.context.close()


def _page(browser: Browser, viewport: ViewportSize) -> Page:
    return browser.new_context(viewport=viewport, bypass_csp=True).new_page()
