"""Issue 26's committee campaign on a phone, in Debian's Chromium: at 390×844 an organizer builds
"members of the Senate Judiciary Committee, your own Senator first if on it" with the form only (no
`{{`/`{%` typed: the chips insert the placeholders), previews it for 05401 (Senator Welch first),
and the page neither scrolls sideways nor has a tap target under 44 px, with no serious or critical
axe-core violation. The desktop version of this path is in test_builder_browser.py."""

from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, expect

from app.settings import Settings
from tests.live import live_server
from tests.support import ORGANIZER_EMAIL, PASSWORD, AppFor
from tests.web.test_builder_browser import SCREENS, Path, check_admin_page, shot, write_script

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(settings: Settings, accounts: str, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    with live_server(app_for(settings)) as url:
        yield url


def test_an_organizer_builds_the_committee_campaign_on_a_phone(
    base_url: str, module_chromium: Browser
) -> None:
    context = module_chromium.new_context(viewport=SCREENS["phone"], bypass_csp=True)  # type: ignore[arg-type]
    page = context.new_page()
    path = Path(page)
    page.goto(f"{base_url}/admin")
    path.fill(page.get_by_label("Email"), ORGANIZER_EMAIL, "Email")
    path.fill(page.get_by_label("Password"), PASSWORD, "Password")
    path.click(page.get_by_role("button", name="Sign in"), "Sign in")
    path.click(page.get_by_role("link", name="New campaign"), "New campaign")
    expect(page.locator("h1")).to_have_text("New campaign")
    path.fill(page.get_by_label("Slug"), "judiciary-phone", "Slug")
    english = page.locator("#lang-en")
    path.fill(english.get_by_label("Title"), "Call the Senate Judiciary Committee", "Title")
    page.get_by_label("Add a committee").select_option(label="Senate Committee on the Judiciary")
    path.clicks.append("Senate Committee on the Judiciary")
    rule = page.locator("#field-committees").get_by_label("Who on it to call")
    path.pick(rule, "own-first", "the caller's own member first")
    check_admin_page(page, "phone", "builder with a committee picked")
    write_script(
        path,
        english,
        [
            ("type", "Hello "),
            ("chip", "Target's title"),
            ("chip", "Target's last name"),
            ("type", ", please hold a hearing on the bill."),
        ],
        "en",
    )
    path.fill(page.get_by_label("Preview address"), "05401", "Preview address")
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
