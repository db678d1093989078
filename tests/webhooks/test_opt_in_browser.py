"""The opt-in on the thank-you step in a real Chromium, phone and desktop, Spanish and English:
unticked, named, linked to the privacy statement, accessible (axe-core); ticked, it sends."""

import os
from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, ViewportSize, expect
from sqlmodel import Session, select

from app.models.webhooks import WebhookMessage
from app.settings import Settings
from app.storage.db import create_db_engine
from tests.live import ARTIFACTS, AXE, CHROMIUM, live_server, serious_axe_violations
from tests.support import AppFor
from tests.webhooks.receiver import running_receiver
from tests.webhooks.support import SENDER, new_endpoint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (not CHROMIUM.exists() or not AXE.exists()) and os.environ.get("CI") != "true",
        reason="Debian's chromium or axe-core (npm ci) is not installed",
    ),
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
WORDS = {
    "es": {
        "box": f"Quiero recibir novedades de {SENDER}",
        "done": f"¡Gracias! {SENDER} le mantendrá al tanto.",
    },
    "en": {"box": f"Keep me updated by {SENDER}", "done": f"Thank you! {SENDER} will keep you updated."},
}


@pytest.fixture
def site(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> Iterator[tuple[str, Browser]]:
    census.route(host="127.0.0.1").pass_through()
    ARTIFACTS.mkdir(exist_ok=True)
    settings.congress_image_url = "/static/favicon.svg?bioguide={bioguide}"
    engine = create_db_engine(settings.database_url)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    engine.dispose()
    with live_server(app_for(settings)) as base_url:
        yield base_url, browser


@pytest.mark.parametrize(("language", "viewport"), [("es", PHONE), ("en", DESKTOP)])
def test_the_opt_in_is_unticked_named_accessible_and_sends_when_ticked(
    site: tuple[str, Browser], settings: Settings, language: str, viewport: ViewportSize
) -> None:
    base_url, browser = site
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base_url}/c/grace-no-ban?lang={language}")
    page.fill("#address", "05401")
    page.keyboard.press("Enter")
    while not page.locator("#thanks").is_visible():
        page.locator("article.card:visible button.next").click()
    box = page.get_by_label(WORDS[language]["box"])
    expect(box).to_be_visible()
    expect(box).not_to_be_checked()
    expect(page.locator("form.opt-in a[href='https://example.org/privacy']")).to_be_visible()
    assert serious_axe_violations(page) == []
    size = "phone" if viewport == PHONE else "desktop"
    page.screenshot(path=str(ARTIFACTS / f"opt-in-{language}-{size}.png"), full_page=True)

    box.check()
    page.locator("form.opt-in input[name=email]").fill("ana@example.org")
    page.locator("form.opt-in button[type=submit]").click()
    expect(page.locator("p.message")).to_have_text(WORDS[language]["done"])
    engine = create_db_engine(settings.database_url)
    with Session(engine) as session:
        [message] = session.exec(select(WebhookMessage)).all()
    engine.dispose()
    assert message.event_type == "supporter.opted_in"
    assert '"zip":"05401"' in (message.payload or "")
    context.close()
