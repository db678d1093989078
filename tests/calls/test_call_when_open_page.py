"""\"Call me when they open\" in a real Chromium: a Vermont caller at 19:00 picks Wednesday 9:00,
agrees, and gets the confirmation with its cancel link, in English and in Spanish, and in the embed."""

from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from app.kernel.privacy import unseal
from app.settings import Settings
from tests.calls.when_open import (
    ADDRESS,
    PHONE,
    TUESDAY_EVENING,
    WEDNESDAY_NINE,
    scheduling_settings,
    stored_rows,
)
from tests.fakes.twilio_sim import TwilioSimulator
from tests.live import free_port, live_server, serious_axe_violations
from tests.support import AppFor, recorded_census

pytestmark = pytest.mark.browser


@pytest.fixture
def served(database_url: str, simulator: TwilioSimulator, app_for: AppFor) -> Iterator[tuple[str, Settings]]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = scheduling_settings(database_url, api_url=simulator.base_url, base_url=base_url)
    with recorded_census() as router:
        router.route(host="127.0.0.1").pass_through()
        with time_machine.travel(TUESDAY_EVENING, tick=True), live_server(app_for(settings), port=port):
            yield base_url, settings


@pytest.fixture
def page(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)


@pytest.mark.parametrize(
    ("path", "lang", "when_open", "schedule", "done"),
    [
        ("/c/grace-no-ban", "en", "Call me when they open", "Schedule", "Done: we will call you"),
        ("/c/grace-no-ban", "es", "Llámenme cuando abran", "Programar", "Listo: le llamaremos"),
        # The embed's page: the same card (nothing is kept in the browser, so a partner's frame
        # with third-party storage blocked changes nothing).
        ("/c/grace-no-ban/embed", "en", "Call me when they open", "Schedule", "Done: we will call you"),
    ],
)
def test_a_closed_card_schedules_a_call_for_when_they_open(
    served: tuple[str, Settings], page: Page, path: str, lang: str, when_open: str, schedule: str, done: str
) -> None:
    base_url, settings = served
    page.goto(f"{base_url}{path}?lang={lang}")
    page.fill("#address", ADDRESS)
    page.click("form.lookup button")
    card = page.locator("article.card:not([hidden])")
    box = card.locator("section.call-when-open")
    heading = box.get_by_role("heading", name=when_open)
    expect(heading).to_be_visible()
    expect(box.get_by_role("textbox")).to_be_hidden()  # folded: the outcome buttons stay close
    heading.click()
    times = box.get_by_role("radio")
    expect(times).to_have_count(4)
    expect(times.first).to_be_checked()
    assert serious_axe_violations(page) == []
    box.get_by_role("textbox").fill("802 555 0142")
    box.get_by_role("checkbox").check()
    box.get_by_role("button", name=schedule).click()
    confirmation = box.locator(".done")
    expect(confirmation).to_contain_text(done)
    link = confirmation.get_by_role("link").get_attribute("href") or ""
    assert link.startswith(f"{base_url}/scheduled/")
    [row] = stored_rows(settings)
    assert row.due_at == WEDNESDAY_NINE
    assert row.language == lang
    assert unseal(row.phone_sealed or "", key=settings.phone_sealing_key) == PHONE
