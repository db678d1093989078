"""A constituent's whole call in a real Chromium: phone and desktop, English and Spanish, with and
without JavaScript, checked by axe-core at every step, with screenshots in test-artifacts/."""

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import respx
from playwright.sync_api import Browser, Frame, Page, ViewportSize, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.campaigns.store import get_campaign, save_campaign
from app.i18n.catalog import words
from app.i18n.sections import Section
from app.runtime.read_models import ReadModels
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.live import ARTIFACTS, AXE, CHROMIUM, live_server, scripted_copy, serious_axe_violations
from tests.support import AppFor, app_settings, app_starting_from, recorded_census

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (not CHROMIUM.exists() or not AXE.exists()) and os.environ.get("CI") != "true",
        reason="Debian's chromium or axe-core (npm ci) is not installed",
    ),
]
BOSTON = "1 Ashburton Place, Boston, MA 02108"
PHONE: ViewportSize = {"width": 390, "height": 844}
SPANISH_TITLE = "Apoye a las personas refugiadas: la Ley GRACE y la Ley NO BAN"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Visit:
    language: str
    viewport: ViewportSize
    javascript: bool

    @property
    def name(self) -> str:
        size = "phone" if self.viewport == PHONE else "desktop"
        return f"{self.language}-{size}-{'js' if self.javascript else 'nojs'}"


WORDS = {
    "en": {
        "lookup": "Find my legislators",
        "contact": "Spoke to staff",
        "voicemail": "Left a voicemail",
        "next": "Next: Representative Ayanna Pressley",
        "count": "2 of 3",
        "thanks": "Thank you for calling!",
        "call": "Call (617)",
        "party": "Democrat",
        "office": "Boston office",
    },
    "es": {
        "lookup": "Buscar a mis legisladores",
        "contact": "Hablé con el personal",
        "voicemail": "Dejé un mensaje",
        "next": "Siguiente: Representante Ayanna Pressley",
        "count": "2 de 3",
        "thanks": "¡Gracias por llamar!",
        "call": "Llamar al (617)",
        "party": "Demócrata",
        "office": "Oficina de Boston",
    },
}


def english_phrases() -> list[str]:
    """Every English phrase of the catalog a constituent's page may show (the words before any
    placeholder, two words or more) that the Spanish catalog does not also use."""
    sections: tuple[Section, ...] = ("ui", "problems", "outcome", "status", "targeting", "call")

    def phrases(language: str) -> set[str]:
        return {text.split("{")[0].strip() for s in sections for text in words(language, s).values()}

    return sorted(phrase for phrase in phrases("en") - phrases("es") if len(phrase.split()) >= 2)


ENGLISH = english_phrases()


def assert_no_english(page: Page | Frame, state: str) -> None:
    shown = page.locator("body").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in shown] == [], state


# Portraits of members of Congress from our own server (any image will do) so they load offline.
PORTRAITS = "/static/favicon.svg?bioguide={bioguide}"


@pytest.fixture(scope="module")
def site_url(
    prepared_sqlite: Path, warm_read_models: ReadModels, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The site on a copy of the template, served for a whole test file whose tests only read it
    (each report belongs to a lookup of its test's own): starting a server per test cost each a
    second. A test that changes a campaign serves its own (`own_site`)."""
    path = tmp_path_factory.mktemp("site") / "switchboard.db"
    shutil.copyfile(prepared_sqlite, path)
    # The file's tests report from one address: more than the hourly limit of a visitor's own.
    settings = app_settings(
        f"sqlite:///{path}", congress_image_url=PORTRAITS, report_limit_per_ip_per_hour=1000
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with recorded_census() as census:
        census.route(host="127.0.0.1").pass_through()
        with live_server(app_starting_from(warm_read_models)(settings)) as base_url:
            yield base_url


@pytest.fixture
def site(site_url: str, browser: Browser) -> tuple[str, Browser]:
    """The file's site (`site_url`) and the worker's Chromium."""
    return site_url, browser


@pytest.fixture
def own_site(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> Iterator[tuple[str, Browser]]:
    """The site on this test's own copy of the template (`settings`), for a test that changes it."""
    census.route(host="127.0.0.1").pass_through()
    ARTIFACTS.mkdir(exist_ok=True)
    settings.congress_image_url = PORTRAITS
    with live_server(app_for(settings)) as base_url:
        yield base_url, browser


def open_page(browser: Browser, visit: Visit) -> Page:
    context = browser.new_context(
        viewport=visit.viewport,
        is_mobile=visit.viewport == PHONE,
        has_touch=visit.viewport == PHONE,
        java_script_enabled=visit.javascript,
        bypass_csp=True,
    )
    return context.new_page()


def check(page: Page, visit: Visit, state: str) -> None:
    """No serious or critical accessibility problem in this state; a screenshot of it."""
    assert serious_axe_violations(page if visit.javascript else scripted_copy(page)) == [], (
        f"{visit.name} {state}"
    )
    if visit.language != "en":
        assert_no_english(page, f"{visit.name} {state}")
    page.screenshot(path=str(ARTIFACTS / f"flow-{visit.name}-{state}.png"), full_page=True)


@pytest.mark.parametrize(
    "visit",
    [
        Visit("en", PHONE, True),
        Visit("es", PHONE, False),
        Visit("en", DESKTOP, False),
        Visit("es", DESKTOP, True),
    ],
    ids=lambda v: v.name,
)
def test_a_constituent_calls_everyone_one_at_a_time(site: tuple[str, Browser], visit: Visit) -> None:
    base_url, browser = site
    words = WORDS[visit.language]
    page = open_page(browser, visit)
    page.goto(f"{base_url}/c/grace-no-ban?lang={visit.language}")
    check(page, visit, "1-start")

    page.fill("#address", BOSTON)
    page.fill("#name", "Ana Souza")
    page.get_by_role("button", name=words["lookup"]).click()
    first = page.locator("article.card:visible")
    expect(first).to_have_count(1)
    canonical = urlsplit(str(page.locator("link[rel=canonical]").get_attribute("href")))
    shown = urlsplit(page.url)
    # The page after the lookup is at its canonical address (public_base_url is another host here).
    assert (shown.path, shown.query) == (canonical.path, canonical.query)
    expect(first).to_contain_text("1 ")
    expect(first.locator("h2")).to_contain_text("Edward J. Markey")
    expect(first).to_contain_text(words["party"])
    call = first.locator("a.call")
    expect(call).to_contain_text(words["call"])
    assert str(call.get_attribute("href")).startswith("tel:+1")
    expect(call).to_be_in_viewport()
    if visit.javascript:
        expect(first.locator("h2")).to_be_focused()
    portrait = first.locator(".avatar img")
    expect(portrait).to_have_attribute("referrerpolicy", "no-referrer")
    expect(portrait).to_have_attribute("loading", "lazy")
    for button in first.locator(".outcomes button").all():
        box = button.bounding_box()
        assert box is not None
        assert box["height"] >= 44, button.inner_text()
    check(page, visit, "2-first-target")

    first.get_by_role("button", name=words["contact"]).click()
    second = page.locator("article.card:visible")
    expect(second).to_contain_text(words["count"])
    expect(second.locator("h2")).to_contain_text("Elizabeth Warren")
    check(page, visit, "3-second-target")

    second.get_by_role("button", name=words["next"]).click()
    third = page.locator("article.card:visible")
    expect(third.locator("h2")).to_contain_text("Ayanna Pressley")
    expect(third).to_contain_text(words["office"])
    expect(third.locator(".script")).to_contain_text("H.R. 2146")
    third.get_by_role("button", name=words["voicemail"]).click()

    done = page.locator("article.done")
    expect(done).to_be_visible()
    expect(done.locator("h2")).to_have_text(words["thanks"])
    expect(done.locator(".share a").first).to_have_attribute("href", re.compile(r"^mailto:\?subject="))
    check(page, visit, "4-thanks")


def test_problems_are_shown_in_place_and_a_zip_spanning_districts_still_shows_the_senators(
    site: tuple[str, Browser],
) -> None:
    base_url, browser = site
    visit = Visit("en", PHONE, True)
    page = open_page(browser, visit)
    page.goto(f"{base_url}/c/grace-no-ban")
    page.fill("#address", "1 Nowhere Lane, Atlantis, ZZ 00000")
    page.get_by_role("button", name="Find my legislators").click()
    alert = page.locator("[role=alert]")
    expect(alert).to_contain_text("couldn't find that address")
    expect(alert).to_be_focused()
    expect(alert).to_be_in_viewport()
    expect(page.locator("#address")).to_have_value("1 Nowhere Lane, Atlantis, ZZ 00000")
    # axe-core checks this state in test_phone_browser.py (the problem beside the address).

    page.fill("#address", "02108")
    page.get_by_role("button", name="Find my legislators").click()
    expect(page.locator("article.card:visible h2")).to_contain_text("Edward J. Markey")
    expect(page.locator("article.target")).to_have_count(2)
    expect(page.locator(".unsure")).to_contain_text("Enter your street address")
    expect(page.locator("details.change-lookup")).to_have_attribute("open", "")
    check(page, visit, "zip-spanning")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_problems_and_a_zip_spanning_districts_are_in_spanish(
    site: tuple[str, Browser], javascript: bool
) -> None:
    base_url, browser = site
    visit = Visit("es", PHONE, javascript)
    page = open_page(browser, visit)
    page.goto(f"{base_url}/c/grace-no-ban?lang=es")
    page.fill("#address", "1 Nowhere Lane, Atlantis, ZZ 00000")
    page.get_by_role("button", name="Buscar a mis legisladores").click()
    alert = page.locator("[role=alert]")
    expect(alert).to_contain_text("No encontramos esa dirección")
    if javascript:
        expect(alert).to_be_focused()
    # axe-core checks this state, and that no English is left in it, in test_phone_browser.py.

    page.fill("#address", "02108")
    page.get_by_role("button", name="Buscar a mis legisladores").click()
    expect(page.locator("article.card:visible h2")).to_contain_text("Senador Edward J. Markey")
    expect(page.locator(".unsure")).to_contain_text("Escriba su dirección completa")
    expect(page.locator("details.change-lookup summary")).to_contain_text("Llamada desde cerca de Boston, MA")
    flow = page.locator("section.flow")
    expect(flow).to_have_attribute("aria-label", "Legisladores para código postal 02108")
    assert page.url.startswith(f"{base_url}/c/grace-no-ban?lang=es")
    check(page, visit, "zip-spanning")


@pytest.mark.parametrize(
    ("status", "message"),
    [("paused", "Esta campaña está en pausa."), ("ended", "Esta campaña ha terminado.")],
)
def test_a_closed_campaign_speaks_spanish_on_its_page_and_in_the_embed(
    own_site: tuple[str, Browser], settings: Settings, status: str, message: str
) -> None:
    base_url, browser = own_site
    partner = Starlette(routes=[Route("/", partner_page)])
    with live_server(partner) as partner_url:
        change_campaign(settings, status=status, embed_origins=[partner_url])
        for visit in (Visit("es", PHONE, True), Visit("es", DESKTOP, False)):
            page = open_page(browser, visit)
            page.goto(f"{base_url}/c/grace-no-ban?lang=es")
            expect(page.locator("html")).to_have_attribute("lang", "es")
            expect(page.locator("h1")).to_have_text(SPANISH_TITLE)
            expect(page.locator("p.message")).to_contain_text(message)
            expect(page.get_by_role("link", name="Ver todas las campañas")).to_be_visible()
            check(page, visit, f"closed-{status}")

        page = open_page(browser, Visit("es", PHONE, True))
        page.goto(f"{partner_url}/?switchboard={base_url}&lang=es")
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_have_text(SPANISH_TITLE)
        expect(frame.locator("p.message")).to_contain_text(message)
        assert_no_english(page.frames[1], f"embed closed-{status}")
        page.screenshot(path=str(ARTIFACTS / f"embed-closed-{status}-es.png"), full_page=True)


def test_the_call_flow_works_from_the_keyboard_alone(site: tuple[str, Browser]) -> None:
    base_url, browser = site
    page = open_page(browser, Visit("en", DESKTOP, True))
    page.goto(f"{base_url}/c/grace-no-ban")
    tab_to(page, "#address")
    page.keyboard.type(BOSTON)
    page.keyboard.press("Enter")
    expect(page.locator("article.card:visible h2")).to_be_focused()
    for name in ("Spoke to staff", "Next: Representative Ayanna Pressley", "No answer"):
        tab_to(page, f"article.card:visible button:text-is('{name}')")
        page.keyboard.press("Enter")
    expect(page.locator("#thanks")).to_be_focused()
    expect(page.locator("#thanks")).to_have_text("Thank you for calling!")


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_first_load_is_light_and_all_our_own(site: tuple[str, Browser]) -> None:
    base_url, browser = site
    page = open_page(browser, Visit("en", PHONE, True))
    loaded: list[tuple[str, int]] = []
    page.on(
        "requestfinished", lambda request: loaded.append((request.url, request.sizes()["responseBodySize"]))
    )
    page.goto(f"{base_url}/c/grace-no-ban", wait_until="networkidle")
    assert all(url.startswith(base_url) for url, _ in loaded), loaded
    assert sum(size for _, size in loaded) <= 60_000, loaded


def test_a_partner_site_embeds_the_campaign_and_the_frame_follows_its_height(
    own_site: tuple[str, Browser], settings: Settings
) -> None:
    base_url, browser = own_site
    partner = Starlette(routes=[Route("/", partner_page)])
    with live_server(partner) as partner_url:
        allow_embedding(settings, origins=[partner_url])
        page = open_page(browser, Visit("en", PHONE, True))
        page.goto(f"{partner_url}/?switchboard={base_url}")
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_contain_text("Stand with refugees")
        frame.locator("#address").fill(BOSTON)
        frame.get_by_role("button", name="Find my legislators").click()
        expect(frame.locator("article.card:visible h2")).to_contain_text("Edward J. Markey")
        iframe = page.locator("iframe")
        expect(iframe).to_have_attribute("style", re.compile(r"height: \d{4}px"))
        page.screenshot(path=str(ARTIFACTS / "embed-partner-phone.png"), full_page=True)

        allow_embedding(settings, origins=["https://someone-else.example"])
        refused = open_page(browser, Visit("en", PHONE, True))
        refused.goto(f"{partner_url}/?switchboard={base_url}")
        expect(refused.locator("iframe")).to_have_count(1)
        refused.wait_for_timeout(500)
        # The browser refuses the frame: nothing of the campaign shows on that site.
        assert all(f.locator("h1", has_text="Stand with refugees").count() == 0 for f in refused.frames)


def partner_page(request: Request) -> HTMLResponse:
    """A partner's page with the one-line snippet pointing at our server (in `lang`, if given)."""
    origin = request.query_params["switchboard"]
    lang = request.query_params.get("lang")
    language = f' data-lang="{lang}"' if lang else ""
    return HTMLResponse(
        "<!doctype html><title>Partner</title><h1>Our partner's news</h1>"
        f'<script src="{origin}/embed.js" data-campaign="grace-no-ban"{language} async></script>'
        "<p>After the frame.</p>"
    )


def allow_embedding(settings: Settings, *, origins: list[str]) -> None:
    change_campaign(settings, embed_origins=origins)


def change_campaign(settings: Settings, **changes: object) -> None:
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        campaign = get_campaign(session, slug="grace-no-ban")
        save_campaign(session, spec=campaign.model_copy(update=changes), source="admin")
    engine.dispose()
