"""Issue 26's fixed lists in Debian's Chromium: an organizer searches the directory, adds two
officials, orders them by dragging and with the arrows, pastes a list of people with one bad row,
sees the row's problem, fixes it, previews (the list's people are called), saves; the page passes
axe-core and fits a 390 px phone with its search results showing."""

from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, Page, expect

from app.settings import Settings
from tests.live import ARTIFACTS, live_server
from tests.support import ORGANIZER_EMAIL, PASSWORD, AppFor
from tests.web.test_builder_browser import SCREENS, check_admin_page

pytestmark = pytest.mark.browser
GRASSLEY, DURBIN = "G000386", "D000563"
BAD_LIST = (
    "name,title,phone,state\n"
    "Maura Healey,Governor,(617) 725-4005,MA\n"
    "Phil Scott,Governor,802-828-3333,VT\n"
    "Pat Clerk,Town Clerk,555-0100,VT\n"
)


@pytest.fixture
def base_url(settings: Settings, accounts: str, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    with live_server(app_for(settings)) as url:
        yield url


def signed_in(browser: Browser, base_url: str, screen: str) -> Page:
    # axe-core is added to each page: the context bypasses the pages' own CSP for it.
    page = browser.new_context(viewport=SCREENS[screen], bypass_csp=True).new_page()  # type: ignore[arg-type]
    page.goto(f"{base_url}/admin")
    page.get_by_label("Email").fill(ORGANIZER_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Campaigns")
    return page


def picked_ids(page: Page) -> list[str]:
    inputs = page.locator("#picked-officials input[name=officials]")
    return [str(value) for value in inputs.evaluate_all("inputs => inputs.map(i => i.value)")]


def section_shot(page: Page, name: str) -> None:
    """The "Who to call" section only (test-artifacts/NAME.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#who-to-call").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def centre(page: Page, selector: str) -> None:
    page.locator(selector).evaluate("list => list.scrollIntoView({block: 'center'})")


def add_official(page: Page, typed: str, name: str) -> None:
    page.get_by_label("Name", exact=True).fill(typed)
    page.get_by_role("button", name=f"Add {name}").click()
    expect(page.locator("#picked-officials")).to_contain_text(name)


def test_an_organizer_picks_officials_and_a_list_of_people_with_the_form(
    base_url: str, browser: Browser
) -> None:
    page = signed_in(browser, base_url, "desktop")
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Slug").fill("judiciary-and-governors")
    english = page.locator("#lang-en")
    english.get_by_label("Title").fill("Call the Judiciary leaders and the governors")
    english.get_by_label("Script", exact=True).fill("Hello, please support the Safe Communities Act.")

    add_official(page, "grassley", "Chuck Grassley")
    page.get_by_label("Chamber", exact=True).select_option("us-senate")
    add_official(page, "durbin", "Richard J. Durbin")
    expect(page.get_by_role("button", name="Add Richard J. Durbin")).to_have_text("Added")
    assert picked_ids(page) == [GRASSLEY, DURBIN]
    durbin, grassley = (page.locator(f"#picked-officials li[data-id={i}]") for i in (DURBIN, GRASSLEY))
    centre(page, "#picked-officials")  # both rows on screen: a drag does not scroll
    durbin.drag_to(grassley, source_position={"x": 40, "y": 12}, target_position={"x": 40, "y": 4})
    expect(page.locator("#picked-officials li").first).to_have_attribute("data-id", DURBIN)
    assert picked_ids(page) == [DURBIN, GRASSLEY], "dragged up"
    page.get_by_role("button", name="Call Chuck Grassley earlier").click()
    assert picked_ids(page) == [GRASSLEY, DURBIN], "and back with an arrow"
    expect(page.get_by_role("button", name="Call Chuck Grassley earlier")).to_be_disabled()

    chambers = page.locator(".chamber-order li")
    centre(page, ".chamber-order")
    chambers.nth(1).drag_to(
        chambers.nth(0), source_position={"x": 200, "y": 10}, target_position={"x": 200, "y": 4}
    )
    expect(chambers.first).to_have_attribute("data-chamber", "us-house")
    expect(page.get_by_role("button", name="Call US Representatives earlier")).to_be_disabled()

    people = page.get_by_label("People, one per row")
    people.fill(BAD_LIST)
    verdict = page.locator("#people-check")
    expect(verdict).to_contain_text("Row 4: the phone 555-0100 is not a US office number.")
    section_shot(page, "builder-lists-bad-row-desktop")
    people.fill(BAD_LIST.replace("555-0100", "(802) 828-3322"))
    expect(verdict).to_have_text("The list has 3 people; every row is fine.")

    page.get_by_label("Preview address").fill("05401")
    cards = page.locator("#preview article.target.card")
    expect(cards).to_have_count(4)  # the officials, then Vermont's rows of the list
    expect(cards.nth(0)).to_contain_text("Grassley")
    expect(cards.nth(1)).to_contain_text("Durbin")
    expect(cards.nth(2)).to_contain_text("Phil Scott")
    expect(cards.nth(3)).to_contain_text("Pat Clerk")
    expect(page.locator("#preview")).not_to_contain_text("Maura Healey")
    check_admin_page(page, "desktop", "builder with lists")
    section_shot(page, "builder-lists-desktop")

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".saved")).to_have_text("Saved.")
    assert picked_ids(page) == [GRASSLEY, DURBIN]
    expect(page.get_by_label("People, one per row")).to_have_value(
        "name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\n"
        "Phil Scott,Governor,(802) 828-3333,VT\nPat Clerk,Town Clerk,(802) 828-3322,VT\n"
    )
    expect(page.locator("pre.yaml")).to_contain_text(f"officials: [{GRASSLEY}, {DURBIN}]")
    expect(page.locator("pre.yaml")).to_contain_text("Pat Clerk,Town Clerk,(802) 828-3322,VT")


def test_the_lists_fit_a_phone_with_search_results_showing(base_url: str, browser: Browser) -> None:
    page = signed_in(browser, base_url, "phone")
    page.goto(f"{base_url}/admin/campaigns/new")
    add_official(page, "warren", "Elizabeth Warren")
    page.get_by_label("Name", exact=True).fill("sanders")
    expect(page.locator("#found-officials li").first).to_contain_text("Sanders")
    page.get_by_label("People, one per row").fill(BAD_LIST)
    expect(page.locator("#people-check")).to_contain_text("Row 4:")
    page.locator("#field-officials").scroll_into_view_if_needed()
    check_admin_page(page, "phone", "builder lists on a phone")
    section_shot(page, "builder-lists-phone")
