"""Issue 26's organizer on a phone, in Debian's Chromium at 390×844: builds "members of the Senate
Judiciary Committee, your own Senator first if on it" with the form only (no `{{`/`{%` typed: the
chips insert the placeholders) and previews it for 05401 (Senator Welch first); and places a test
call (a rehearsal) to their own phone from the share page through the Twilio simulator, then
follows it there. No page scrolls sideways or has a tap target under 44 px, and none has a serious
or critical axe-core violation. The desktop version of the builder's path is in
test_builder_browser.py."""

import time
from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, expect

from app.settings import Settings
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, call_settings
from tests.fakes.twilio_sim import TwilioSimulator
from tests.live import free_port, live_server
from tests.support import ORGANIZER_EMAIL, PASSWORD, AppFor
from tests.web.test_builder_browser import (
    SCREENS,
    Path,
    check_admin_page,
    shot,
    start_the_judiciary_campaign,
    write_the_hearing_script_and_preview_05401,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(settings: Settings, accounts: str, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    with live_server(app_for(settings)) as url:
        yield url


def test_an_organizer_builds_the_committee_campaign_on_a_phone(base_url: str, browser: Browser) -> None:
    context = browser.new_context(viewport=SCREENS["phone"], bypass_csp=True)  # type: ignore[arg-type]
    page = context.new_page()
    path = Path(page)
    english = start_the_judiciary_campaign(path, base_url=base_url, slug="judiciary-phone")
    check_admin_page(page, "phone", "builder with a committee picked")
    write_the_hearing_script_and_preview_05401(path, english)
    cards = page.locator("#preview article.target.card")
    expect(cards.first).to_contain_text("Welch")
    expect(page.locator("#preview .script").first).to_contain_text(
        "Hello Senator Welch, please hold a hearing on the bill."
    )
    assert cards.count() > 10, "every member of the committee, Vermont's own Senator first"
    page.locator("#preview").scroll_into_view_if_needed()
    shot(page, "builder-5-committee-phone")
    check_admin_page(page, "phone", "builder with a committee and its preview")

    path.click(page.get_by_role("button", name="Save draft"), "Save draft")
    expect(page.locator(".saved")).to_have_text("Saved.")
    expect(page.locator("#committee_rule-1")).to_have_value("own-first")
    check_admin_page(page, "phone", "committee campaign saved")
    assert len(path.fields) <= 7


@pytest.fixture
def twilio_url(database_url: str, accounts: str, app_for: AppFor) -> Iterator[tuple[str, TwilioSimulator]]:
    """The app with Twilio set up, the simulator playing Twilio and the organizer's phone."""
    simulator = TwilioSimulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    simulator.start()
    port = free_port()
    settings = call_settings(database_url, base_url=f"http://127.0.0.1:{port}", api_url=simulator.base_url)
    try:
        with live_server(app_for(settings), port=port) as url:
            yield url, simulator
    finally:
        simulator.stop()


def test_an_organizer_rehearses_a_call_to_their_own_phone_on_a_phone(
    twilio_url: tuple[str, TwilioSimulator], browser: Browser
) -> None:
    base_url, simulator = twilio_url
    context = browser.new_context(viewport=SCREENS["phone"], bypass_csp=True)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base_url}/admin")
    page.get_by_label("Email").fill(ORGANIZER_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("tr[data-slug=grace-no-ban]").get_by_role("link", name="Test call").click()
    expect(page.get_by_role("heading", name="Test call")).to_be_visible()
    expect(
        page.get_by_label("Rehearse: hear the script and who would be called, without ringing any office")
    ).to_be_checked()
    check_admin_page(page, "phone", "share page with the test call form")
    page.get_by_label("Your phone").fill("(617) 555-0123")
    page.get_by_label("Your address or ZIP").fill("05401")
    page.get_by_role("button", name="Call me now").click()
    status = page.locator(".test-call-status")
    expect(status).to_contain_text("Test call (rehearsal)")
    expect(status.locator("li")).to_have_count(3)
    deadline = time.monotonic() + 20
    while not simulator.calls and time.monotonic() < deadline:  # the worker places it in its turn
        time.sleep(0.05)
    [call] = [simulator.wait(sid) for sid in list(simulator.calls)]
    assert call.to == "+16175550123"
    assert simulator.children(call.sid) == [], "a rehearsal rings no office"
    transcript = " ".join(call.transcript)
    assert "Here Switchboard would connect you to Senator Peter Welch's Burlington office." in transcript
    page.get_by_role("button", name="Refresh the call's status").click()
    expect(status).to_contain_text("The test call is over.")
    expect(status.locator("li").first).to_contain_text("rehearsed (no office called)")
    shot(page, "share-test-call-phone")
    check_admin_page(page, "phone", "share page after a test call")
