"""The campaign page in a real Chromium: "Call me", following the call, and reporting outcomes."""

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from app.kernel.clock import utcnow
from app.models.calls import CallLeg, CallPace, CallSession
from app.storage.db import create_db_engine
from tests.calls.conftest import LiveApp
from tests.calls.test_click_to_call import BOSTON, CALLER, stored
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Page:
    return browser.new_page()


def test_call_me_from_the_page_to_the_stored_outcomes(
    live_app: LiveApp, simulator: TwilioSimulator, page: Page
) -> None:
    # Markey: spoke to staff (keypad); Warren: talked, no survey key; Pressley: skipped.
    simulator.phones[CALLER] = Phone(actions=["1", STAY, "1", "1", STAY, "", "*"])
    page.goto(f"{live_app.base_url}/c/grace-no-ban")
    page.fill("#address", BOSTON)
    page.click("form.lookup button")
    _queue_is_busy_for(live_app, seconds=3)
    page.fill("#phone", "617 555 0123")
    page.click("#call-me-form button")
    status = page.locator("#call-status")
    expect(status).to_have_text("Calling you… please keep your phone at hand.")
    progress = page.locator("#call-progress")
    expect(progress).to_contain_text("Senator Edward J. Markey: done — Spoke to staff", timeout=20_000)
    expect(status).to_be_hidden()
    expect(progress).to_contain_text("Representative Ayanna Pressley: skipped")
    progress.locator("li", has_text="Elizabeth Warren").get_by_role("button", name="Left a voicemail").click()
    expect(progress).to_contain_text("Senator Elizabeth Warren: done — Left a voicemail")
    legs = {leg.name: (leg.outcome, leg.outcome_source) for leg in _legs_of_only_call(live_app)}
    assert legs["Elizabeth Warren"] == ("voicemail", "web")
    assert legs["Edward J. Markey"] == ("contact", "keypad")


def test_number_visitors_report_outcomes(live_app: LiveApp, page: Page) -> None:
    page.goto(f"{live_app.base_url}/c/grace-no-ban")
    page.fill("#address", BOSTON)
    page.click("form.lookup button")
    page.get_by_text("Everyone to call (3)").click()
    page.get_by_role("button", name="Representative Ayanna Pressley").click()
    card = page.locator("article[data-chamber=us-house]")
    card.get_by_role("button", name="Spoke to staff").click()
    expect(page.locator("#flow-status")).to_contain_text("Thank you! Recorded: Spoke to staff.")
    expect(card).to_be_hidden()
    expect(page.locator("#thanks")).to_be_focused()


def test_the_spanish_page_calls_in_spanish(live_app: LiveApp, simulator: TwilioSimulator, page: Page) -> None:
    simulator.phones[CALLER] = Phone(actions=["*", "*", "*"])
    page.goto(f"{live_app.base_url}/c/grace-no-ban?lang=es")
    expect(page.locator("p.counter")).to_contain_text("Sea una de las primeras personas en llamar.")
    page.fill("#address", BOSTON)
    page.click("form.lookup button")
    expect(page.locator(".outcomes").first).to_contain_text("¿Cómo le fue?")
    expect(page.locator("#call-me h3")).to_have_text("Llámeme")
    page.fill("#phone", "617 555 0123")
    page.click("#call-me-form button")
    progress = page.locator("#call-progress")
    expect(progress).to_contain_text("Representante Ayanna Pressley: omitido", timeout=20_000)
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        call = session.exec(select(CallSession)).one()
    engine.dispose()
    assert call.language == "es"
    assert "Oprima 1 para comunicarse con la oficina de Representante Ayanna Pressley" in " ".join(
        simulator.calls[str(call.call_sid)].transcript
    )


def test_a_refused_phone_number_is_explained_in_the_page_language(live_app: LiveApp, page: Page) -> None:
    for language, words in (
        ("es", "Escriba un número de teléfono válido de EE. UU."),
        ("en", "'123' is not a valid phone number"),
    ):
        page.goto(f"{live_app.base_url}/c/grace-no-ban?lang={language}")
        page.fill("#address", BOSTON)
        page.click("form.lookup button")
        page.fill("#phone", "123")
        page.click("#call-me-form button")
        expect(page.locator("#call-me-error")).to_contain_text(words)


def _queue_is_busy_for(app: LiveApp, *, seconds: float) -> None:
    """As if a surge of calls were ahead: the next free slot to place a call is `seconds` away."""
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        pace = session.exec(select(CallPace)).one()
        pace.next_at = utcnow() + timedelta(seconds=seconds)
        session.add(pace)
        session.commit()
    engine.dispose()


def _legs_of_only_call(app: LiveApp) -> list[CallLeg]:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        call = session.exec(select(CallSession)).one()
    engine.dispose()
    return stored(app, call.id)[1]
