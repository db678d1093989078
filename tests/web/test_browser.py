"""A constituent's journey in a real Chromium, on a phone-sized screen."""

import os

import pytest
import respx

from app.main import create_app
from app.settings import Settings
from tests.live import ARTIFACTS, CHROMIUM, chromium, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="Debian's chromium is not installed"
    ),
]


def test_constituent_finds_targets_and_scripts(settings: Settings, census: respx.Router) -> None:
    census.route(host="127.0.0.1").pass_through()
    ARTIFACTS.mkdir(exist_ok=True)
    with live_server(create_app(settings)) as base_url, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(f"{base_url}/c/grace-no-ban")
        page.fill("#address", "1 Ashburton Place, Boston, MA 02108")
        page.fill("#name", "Ana Souza")
        page.click("button[type=submit]")
        page.wait_for_selector("article.target")
        cards = page.locator("article.target")
        assert cards.count() == 3
        assert "Senator Edward J. Markey" in cards.nth(0).inner_text()
        assert "Senator Elizabeth Warren" in cards.nth(1).inner_text()
        house = page.locator("article[data-chamber=us-house]")
        assert "Representative Ayanna Pressley" in house.inner_text()
        assert "H.R. 2146" in house.inner_text()
        call = house.locator("a.call")
        assert str(call.get_attribute("href")).startswith("tel:+1617")
        assert call.inner_text().startswith("Call (617) ")
        page.screenshot(path=str(ARTIFACTS / "constituent-targets.png"), full_page=True)

        page.fill("#address", "1 Nowhere Lane, Atlantis, ZZ 00000")
        page.click("button[type=submit]")
        assert "couldn't find that address" in page.locator("[role=alert]").inner_text()
