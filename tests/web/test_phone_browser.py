"""The campaign page in the hand (issue 25, items 10–12 and 14): a 390×844 phone in a real Chromium,
English and Spanish, with and without JavaScript. What just happened stays on the screen, the
outcome buttons sit under the call button, nothing widens the page, a problem shows beside the
address, a portrait that fails leaves the initials, tap targets are thumb-sized, the length limits
are said, and the thank-you step lists whom the visitor called. Screenshots in test-artifacts/."""

from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, Locator, Page, expect

from app.settings import Settings
from tests.live import ARTIFACTS, largest_difference, live_server
from tests.support import AppFor
from tests.web.test_call_flow_browser import (
    BOSTON,
    PHONE,
    Visit,
    check,
    open_page,
    pytestmark,  # noqa: F401 (browser tests: marked, skipped without Chromium)
    site,  # noqa: F401 (the fixture)
    site_url,  # noqa: F401 (the fixture site uses)
)

VISITS = [Visit(language, PHONE, javascript) for language in ("en", "es") for javascript in (True, False)]
SCREEN_HEIGHT = PHONE["height"]
# A name without spaces as long as the field takes.
LONG_NAME = "Maximiliana" * 9 + "X"
WORDS = {
    "en": {
        "lookup": "Find my legislators",
        "contact": "Spoke to staff",
        "voicemail": "Left a voicemail",
        "next": "Next: Senator Elizabeth Warren",
        "thanks": "Thank you for calling!",
        "what_to_say": "What to say",
        "not_found": "couldn't find that address",
        "too_long": "too long",
        "at_limit": "That is the limit",
        "not_reported": "no outcome recorded",
        "change": "Change",
        "other_language": "Español",
    },
    "es": {
        "lookup": "Buscar a mis legisladores",
        "contact": "Hablé con el personal",
        "voicemail": "Dejé un mensaje",
        "next": "Elizabeth Warren",
        "thanks": "¡Gracias por llamar!",
        "what_to_say": "Qué decir",
        "not_found": "No encontramos esa dirección",
        "too_long": "demasiado largo",
        "at_limit": "Ese es el límite",
        "not_reported": "sin resultado anotado",
        "change": "Cambiar",
        "other_language": "English",
    },
}


def look_up(
    page: Page, base_url: str, visit: Visit, *, address: str, name: str = "", slug: str = "grace-no-ban"
) -> None:
    page.goto(f"{base_url}/c/{slug}?lang={visit.language}")
    page.fill("#address", address)
    page.fill("#name", name)
    page.get_by_role("button", name=WORDS[visit.language]["lookup"]).click()


def shown_card(page: Page, visit: Visit, *, heading: str) -> Locator:
    """The card on the screen once the page has settled on the one whose heading has `heading`: with
    JavaScript its heading has the focus (after the script has scrolled); without, the page has loaded."""
    card = page.locator("article.card:visible")
    expect(card.locator("h2")).to_contain_text(heading)
    if visit.javascript:
        expect(card.locator("h2")).to_be_focused()
    else:
        page.wait_for_load_state("load")
    return card


def rect(locator: Locator) -> dict[str, float]:
    return dict(locator.evaluate("e => e.getBoundingClientRect().toJSON()"))


def assert_on_screen(locator: Locator, what: str) -> None:
    box = rect(locator)
    where = f"{what} at y = {box['top']:.0f}–{box['bottom']:.0f} on a {SCREEN_HEIGHT} px screen"
    assert box["top"] >= 0, where
    assert box["bottom"] <= SCREEN_HEIGHT, where


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_the_status_and_the_heading_stay_on_screen_and_the_thanks_list_whom_the_visitor_called(
    site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    """After a lookup or a report the status and the heading stay on the screen; the thank-you step
    at the end of that call lists whom the visitor called, with what they reported."""
    base_url, browser = site
    words = WORDS[visit.language]
    page = open_page(browser, visit)
    # 02108 has one state senator but two state house districts: the note asking for a street
    # address must be seen with "1 of 1", not scrolled above it.
    look_up(page, base_url, visit, address="02108", slug="ma-safe-communities")
    card = shown_card(page, visit, heading="Lydia Edwards")
    assert_on_screen(page.locator(".note.unsure"), "the note asking for a street address")
    assert_on_screen(card.locator(".count"), "1 of 1")
    assert_on_screen(card.locator("h2"), "the heading")
    check(page, visit, "phone-zip-note")

    look_up(page, base_url, visit, address=BOSTON)
    card = shown_card(page, visit, heading="Edward J. Markey")
    assert_on_screen(card.locator(".count"), "1 of 3")
    card.get_by_role("button", name=words["contact"]).click()
    card = shown_card(page, visit, heading="Elizabeth Warren")
    status = page.locator("#flow-status")
    expect(status).to_contain_text(words["contact"])
    for element, what in (
        (status, "the report's status"),
        (card.locator(".count"), "2 of 3"),
        (card.locator("h2"), "the heading"),
    ):
        assert_on_screen(element, what)
    check(page, visit, "phone-reported")

    card.locator("button.next").click()
    card = shown_card(page, visit, heading="Ayanna Pressley")
    card.get_by_role("button", name=words["voicemail"]).click()
    done = shown_card(page, visit, heading=words["thanks"])
    expect(status).to_contain_text(words["voicemail"])
    assert_on_screen(status, "the report's status")
    assert_on_screen(done.locator("h2"), "the thanks")
    called = done.locator(".called li")
    expect(called).to_have_count(3)
    for item, (name, outcome) in zip(
        called.all(),
        [
            ("Edward J. Markey", words["contact"]),
            ("Elizabeth Warren", words["not_reported"]),
            ("Ayanna Pressley", words["voicemail"]),
        ],
        strict=True,
    ):
        expect(item).to_contain_text(name)
        expect(item.locator(".outcome")).to_have_text(outcome)
    check(page, visit, "phone-thanks")


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_the_outcome_buttons_sit_right_under_the_call_button_and_the_links_are_thumb_sized(
    site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    base_url, browser = site
    words = WORDS[visit.language]
    page = open_page(browser, visit)
    look_up(page, base_url, visit, address=BOSTON)
    card = shown_card(page, visit, heading="Edward J. Markey")
    targets = {
        "the other language": page.locator(".languages a", has_text=words["other_language"]),
        "Change": page.locator(".change-lookup summary .link", has_text=words["change"]),
        "Everyone to call": page.locator(".jump summary"),
        "What to say": card.locator(".what-to-say summary"),
    }
    for what, target in targets.items():
        box = rect(target)
        size = f"{what}: {box['width']:.0f}×{box['height']:.0f} px"
        assert box["width"] >= 44, size
        assert box["height"] >= 44, size
    call = card.locator("a.call")
    # The visitor taps the call button, talks, hangs up and comes back to the page where it was.
    # Scrolled to the middle of the screen, whatever the card holds above it (an office's hours
    # change with the time of day): the buttons then fit below it when they are within half a screen.
    call.evaluate("element => element.scrollIntoView({block: 'center'})")
    assert_on_screen(call, "the call button")
    buttons = card.locator(".outcomes button")
    expect(buttons).to_have_count(4)
    for button in buttons.all():
        assert_on_screen(button, f"the outcome button {button.inner_text()!r} after the call")
    reach = rect(buttons.last)["bottom"] - rect(call)["top"]
    assert reach <= SCREEN_HEIGHT / 2, f"call button to last outcome button: {reach:.0f} px"
    # The script follows, in a section the visitor may fold away.
    script = card.locator("details.what-to-say")
    expect(script.locator("summary")).to_have_text(words["what_to_say"])
    expect(script.locator(".script")).to_be_visible()
    script.locator("summary").click()
    expect(script.locator(".script")).to_be_hidden()
    check(page, visit, "phone-outcomes")


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_a_long_name_without_spaces_never_widens_the_page(
    site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    base_url, browser = site
    page = open_page(browser, visit)
    look_up(page, base_url, visit, address=BOSTON, name=LONG_NAME)
    card = shown_card(page, visit, heading="Edward J. Markey")
    expect(page.locator("details.change-lookup summary")).to_contain_text(LONG_NAME[:20])
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / f"phone-{visit.name}-long-name.png"), full_page=True)
    for heading in ("Elizabeth Warren", "Ayanna Pressley", WORDS[visit.language]["thanks"]):
        card.locator("button.next").click()
        card = shown_card(page, visit, heading=heading)
        assert page_width(page) <= PHONE["width"], heading


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_a_problem_with_the_address_shows_beside_it_on_screen(
    site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    base_url, browser = site
    words = WORDS[visit.language]
    page = open_page(browser, visit)
    look_up(page, base_url, visit, address="1 Nowhere Lane, Atlantis, ZZ 00000")
    alert = page.locator("[role=alert]")
    expect(alert).to_contain_text(words["not_found"])
    if visit.javascript:
        expect(alert).to_be_focused()
    page.wait_for_load_state("load")
    address = page.locator("#address")
    assert_on_screen(address, "the address field")
    assert_on_screen(alert, "the problem")
    gap = rect(alert)["top"] - rect(address)["bottom"]
    assert 0 <= gap <= 60, f"the problem is {gap:.0f} px from the address field"
    expect(address).to_have_attribute("aria-describedby", "lookup-error")
    check(page, visit, "phone-problem")


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_the_length_limits_are_said_as_the_visitor_reaches_them(
    site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    base_url, browser = site
    words = WORDS[visit.language]
    page = open_page(browser, visit)
    page.goto(f"{base_url}/c/grace-no-ban?lang={visit.language}")
    address = page.locator("#address")
    too_long = "1 Ashburton Place, Boston, MA 02108 " + "x" * 300
    if visit.javascript:
        limit = page.locator("#address-limit")
        address.fill(too_long[:299])
        expect(limit).to_be_hidden()
        address.press_sequentially(too_long[299:303])
        expect(address).to_have_value(too_long[:300])
        expect(limit).to_contain_text(words["at_limit"])
        expect(limit).to_contain_text("300")
        assert_on_screen(limit, "the limit's note")
        gap = rect(limit)["top"] - rect(address)["bottom"]
        assert 0 <= gap <= 40, f"the limit's note is {gap:.0f} px from the field"
        address.fill(BOSTON)
        expect(limit).to_be_hidden()
        check(page, visit, "phone-limit")
        return
    # Without JavaScript nothing cuts the address silently: the server says it is too long.
    address.fill(too_long)
    page.get_by_role("button", name=words["lookup"]).click()
    problem = page.locator("#address-problem")
    expect(problem).to_contain_text(words["too_long"])
    expect(problem).to_contain_text("300")
    page.wait_for_load_state("load")
    assert_on_screen(problem, "the too-long message")
    expect(page.locator("#address")).to_have_value(too_long)
    check(page, visit, "phone-too-long")


@pytest.fixture
def failing_portraits(
    settings: Settings, census: respx.Router, app_for: AppFor, browser: Browser
) -> Iterator[tuple[str, Browser]]:
    """The site with portraits that fail to load (our own server answers 404 for them)."""
    census.route(host="127.0.0.1").pass_through()
    ARTIFACTS.mkdir(exist_ok=True)
    settings.congress_image_url = "/static/no-such-portrait-{bioguide}.jpg"
    with live_server(app_for(settings)) as base_url:
        yield base_url, browser


@pytest.mark.parametrize("visit", [VISITS[1], VISITS[3]], ids=lambda v: v.name)
def test_a_portrait_that_fails_to_load_leaves_just_the_initials(
    failing_portraits: tuple[str, Browser], visit: Visit
) -> None:
    base_url, browser = failing_portraits
    page = open_page(browser, visit)
    look_up(page, base_url, visit, address=BOSTON)
    card = shown_card(page, visit, heading="Edward J. Markey")
    avatar = card.locator(".avatar")
    expect(avatar.locator("img")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    failed = avatar.screenshot(animations="disabled")
    # The same card with no portrait at all: what the visitor should see.
    avatar.evaluate("avatar => avatar.querySelector('img').remove()")
    initials_only = avatar.screenshot(animations="disabled")
    (ARTIFACTS / f"phone-{visit.name}-portrait-failed.png").write_bytes(failed)
    # Anti-aliasing may differ by a shade; a broken-image icon or its frame differs by far more.
    assert largest_difference(failed, initials_only) <= 48
