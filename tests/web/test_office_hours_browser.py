"""The card's office hours on a 390×844 phone in a real Chromium, at frozen moments: a Vermont caller
at 10 am sees the open office, at 7 pm every office closed and the voicemail; "Line busy?" opens on
the other numbers with thumb-sized links; nothing widens the page; axe-core finds nothing serious;
English and Spanish, with and without JavaScript. The screenshots with JavaScript are the ones in
docs/constituents.md (docs/images/hours-*.png, copied from test-artifacts/)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, Locator, Page, expect

from tests.live import ARTIFACTS, scripted_copy, serious_axe_violations
from tests.web.test_call_flow_browser import (
    PHONE,
    Visit,
    open_page,
    pytestmark,  # noqa: F401 (browser tests: marked, skipped without Chromium)
    site,  # noqa: F401 (the fixture)
    site_url,  # noqa: F401 (the fixture site uses)
)

EASTERN = ZoneInfo("America/New_York")
OPEN_AT = datetime(2026, 12, 8, 10, tzinfo=EASTERN)
CLOSED_AT = datetime(2026, 12, 7, 19, tzinfo=EASTERN)
VISITS = [Visit(language, PHONE, javascript) for language in ("en", "es") for javascript in (True, False)]
WORDS = {
    "en": {
        "lookup": "Find my legislators",
        "open": "Open now · closes 5 pm ET",
        "closed": "Closed now · opens Tuesday 9 am ET",
        "all_closed": "Every office is closed now.",
        "voicemail": "Leave a voicemail",
        "busy": "Line busy?",
        "washington": "Washington office",
    },
    "es": {
        "lookup": "Buscar a mis legisladores",
        "open": "Abierto ahora · cierra a las 5 p.m. ET",
        "closed": "Cerrado ahora · abre el martes a las 9 a.m. ET",
        "all_closed": "Todas las oficinas están cerradas ahora.",
        "voicemail": "Dejar un mensaje",
        "busy": "¿Línea ocupada?",
        "washington": "Oficina en Washington",
    },
}
TAP = 44


def first_card(page: Page, base_url: str, visit: Visit) -> Locator:
    page.goto(f"{base_url}/c/grace-no-ban?lang={visit.language}")
    page.fill("#address", "05401")
    page.get_by_role("button", name=WORDS[visit.language]["lookup"]).click()
    card = page.locator("article.card:visible")
    expect(card.locator("h2")).to_contain_text("Bernard Sanders")
    if visit.javascript:
        expect(card.locator("h2")).to_be_focused()
    else:
        page.wait_for_load_state("load")
    return card


def check(page: Page, visit: Visit, state: str) -> None:
    assert serious_axe_violations(page if visit.javascript else scripted_copy(page)) == [], state
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"], state
    page.screenshot(path=str(ARTIFACTS / f"hours-{state}-{visit.name}.png"))


def assert_thumb_sized(locator: Locator, what: str) -> None:
    for element in locator.all():
        box = element.bounding_box()
        assert box is not None, what
        assert box["height"] >= TAP, f"{what}: {box['height']:.0f} px high"


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_the_open_card(site: tuple[str, Browser], visit: Visit) -> None:  # noqa: F811
    base_url, browser = site
    words = WORDS[visit.language]
    with time_machine.travel(OPEN_AT):
        page = open_page(browser, visit)
        card = first_card(page, base_url, visit)
        expect(card.locator("p.hours.open")).to_have_text(words["open"])
        expect(card.locator(".all-closed")).to_have_count(0)
        expect(card.locator("a.call")).to_be_visible()
        check(page, visit, "open")
        busy = card.locator("details.other-offices")
        busy.locator("summary").click()
        links = busy.locator("a.other-call")
        expect(links.first).to_be_visible()
        expect(links.first).to_contain_text(words["washington"])
        expect(links.first).to_have_attribute("href", "tel:+12022245141")
        assert_thumb_sized(busy.locator("summary"), "the Line busy? summary")
        assert_thumb_sized(links, "another office's number")
        check(page, visit, "line-busy")


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_the_closed_card_offers_a_voicemail(site: tuple[str, Browser], visit: Visit) -> None:  # noqa: F811
    base_url, browser = site
    words = WORDS[visit.language]
    with time_machine.travel(CLOSED_AT):
        page = open_page(browser, visit)
        card = first_card(page, base_url, visit)
        expect(card.locator("p.hours.closed")).to_have_text(words["closed"])
        closed = card.locator(".all-closed")
        expect(closed).to_contain_text(words["all_closed"])
        call = closed.locator("a.call.voicemail")
        expect(call).to_contain_text(words["voicemail"])
        expect(call).to_have_attribute("href", "tel:+18028620697")
        assert_thumb_sized(call, "the voicemail call button")
        # The outcome buttons ("Left a voicemail" among them) stay within the thumb's reach of it.
        last = card.locator(".outcomes button").last.bounding_box()
        top = call.bounding_box()
        assert last is not None
        assert top is not None
        assert last["y"] + last["height"] - top["y"] <= PHONE["height"] / 2
        check(page, visit, "closed")
