"""Issue 26's organizer, in Debian's Chromium: signs in, creates "Massachusetts residents call their
state senator and representative in support of a bill, English and Spanish" with the form only (no
YAML, no `{{`/`{%` typed: the chips insert the placeholders), previews it for 01003 in English and
Spanish with the public flow's cards, launches it and finds the link, QR code and embed code; on a
desktop and at 390×844. Every admin page is checked with axe-core, and on the phone for sideways
scrolling and tap targets. The organizer's path (clicks, fields, seconds) is written to
test-artifacts/builder-path-*.txt. Screenshots in test-artifacts/ (docs/images/ has copies)."""

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import respx
from playwright.sync_api import Browser, Locator, Page, expect

from app.settings import Settings
from tests.live import ARTIFACTS, live_server, serious_axe_violations
from tests.support import ORGANIZER_EMAIL, PASSWORD, AppFor

pytestmark = pytest.mark.browser
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def base_url(settings: Settings, accounts: str, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    with live_server(app_for(settings)) as url:
        yield url


@dataclass
class Path:
    """What the organizer does, counted: clicks (and picks from a list) and fields typed in."""

    page: Page
    clicks: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def click(self, target: Locator, what: str) -> None:
        target.click()
        self.clicks.append(what)

    def fill(self, target: Locator, text: str, what: str) -> None:
        assert "{{" not in text, "the organizer types no template code"
        assert "{%" not in text, "the organizer types no template code"
        target.fill(text)
        self.fields.append(what)

    def type(self, text: str) -> None:
        """Typing on in the box the last chip left the caret in (part of the same field)."""
        assert "{{" not in text
        assert "{%" not in text
        self.page.keyboard.type(text)

    def pick(self, target: Locator, value: str, what: str) -> None:
        target.select_option(value)
        self.clicks.append(what)


def write_script(path: Path, panel: Locator, parts: list[tuple[str, str]], language: str) -> None:
    """A script from typed words and chips: ("type", words), ("chip", label) or ("variable", name)."""
    box = panel.get_by_label("Script", exact=True)
    path.fill(box, parts[0][1], f"Script ({language})")
    for kind, value in parts[1:]:
        if kind == "type":
            path.type(value)
        elif kind == "chip":
            chip = panel.locator(f".chips[data-for=script__{language}] button.chip", has_text=value)
            path.click(chip, value)
        else:
            select = panel.locator(f".chips[data-for=script__{language}] select.variable-chip")
            path.pick(select, value, f"variable {value}")


def start_the_judiciary_campaign(path: Path, *, base_url: str, slug: str) -> Locator:
    """Signed in as the organizer, a new campaign `slug` calling the Senate Judiciary Committee, the
    caller's own member first; the English panel, for its script."""
    page = path.page
    page.goto(f"{base_url}/admin")
    path.fill(page.get_by_label("Email"), ORGANIZER_EMAIL, "Email")
    path.fill(page.get_by_label("Password"), PASSWORD, "Password")
    path.click(page.get_by_role("button", name="Sign in"), "Sign in")
    path.click(page.get_by_role("link", name="New campaign"), "New campaign")
    expect(page.locator("h1")).to_have_text("New campaign")
    path.fill(page.get_by_label("Slug"), slug, "Slug")
    english = page.locator("#lang-en")
    path.fill(english.get_by_label("Title"), "Call the Senate Judiciary Committee", "Title")
    page.get_by_label("Add a committee").select_option(label="Senate Committee on the Judiciary")
    path.clicks.append("Senate Committee on the Judiciary")
    rule = page.locator("#field-committees").get_by_label("Who on it to call")
    path.pick(rule, "own-first", "the caller's own member first")
    return english


def write_the_hearing_script_and_preview_05401(path: Path, english: Locator) -> None:
    """The script typed with the chips ("Hello Senator Welch, please hold a hearing on the bill."),
    then the preview asked for a Vermont ZIP."""
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
    path.fill(path.page.get_by_label("Preview address"), "05401", "Preview address")


def check_admin_page(page: Page, screen: str, name: str) -> None:
    assert serious_axe_violations(page) == [], name
    if screen == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SCREENS["phone"]["width"], f"{name} scrolls sideways ({width}px)"
        small = page.evaluate(
            """() => [...document.querySelectorAll('main button, main select, main input:not([type=hidden]),'
                     + ' .admin-bar a, .campaign-list a, .actions a, a.button')]
                .filter(e => e.offsetParent !== null && !e.closest('.preview-flow'))
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => ['checkbox', 'radio'].includes(e.type) ? r.height < 20 : r.height < 44)
                .map(([e, r]) => (e.name || e.textContent.trim()).slice(0, 30) + ' ' + r.height)"""
        )
        assert small == [], f"{name}: tap targets under 44 px: {small}"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_organizer_builds_previews_and_launches_with_the_form_only(
    base_url: str, browser: Browser, screen: str
) -> None:
    # axe-core is added to each page: the context bypasses the pages' own CSP for it.
    page = browser.new_context(viewport=SCREENS[screen], bypass_csp=True).new_page()  # type: ignore[arg-type]
    path = Path(page)
    started = time.monotonic()
    page.goto(f"{base_url}/admin")
    path.fill(page.get_by_label("Email"), ORGANIZER_EMAIL, "Email")
    path.fill(page.get_by_label("Password"), PASSWORD, "Password")
    path.click(page.get_by_role("button", name="Sign in"), "Sign in")
    expect(page.locator("h1")).to_have_text("Campaigns")
    check_admin_page(page, screen, "campaign list")
    shot(page, f"builder-0-campaigns-{screen}")

    path.click(page.get_by_role("link", name="New campaign"), "New campaign")
    expect(page.locator("h1")).to_have_text("New campaign")
    check_admin_page(page, screen, "new campaign form")
    path.fill(page.get_by_label("Slug"), "ma-safe-communities-bill", "Slug")
    english = page.locator("#lang-en")
    path.fill(english.get_by_label("Title"), "Pass the Safe Communities Act", "Title")
    path.fill(
        english.get_by_label("Description"),
        "Ask your state senator and representative to pass the Safe Communities Act.",
        "Description",
    )
    path.click(page.get_by_label("State senator (the caller's own)"), "State senator")
    path.click(page.get_by_label("State representative (the caller's own)"), "State representative")
    path.fill(page.get_by_label("States"), "MA", "States")
    path.fill(page.get_by_label("Variable name 1"), "bill", "Variable name")
    path.fill(page.get_by_label("Variable value 1"), "S.1401 / H.3573", "Variable value")
    path.pick(page.get_by_label("Add a language"), "es", "Español")
    path.click(page.get_by_role("button", name="Add language"), "Add language")
    expect(page.get_by_role("tab", name="Español")).to_be_visible()

    english = page.locator("#lang-en")
    write_script(
        path,
        english,
        [
            ("type", "Hello, my name is "),
            ("chip", "Caller's name"),
            ("type", " and I live in "),
            ("chip", "Caller's city"),
            ("type", ". I ask "),
            ("chip", "Target's title"),
            ("chip", "Target's last name"),
            ("type", " to support the Safe Communities Act, "),
            ("variable", "bill"),
            ("type", ". Thank you."),
        ],
        "en",
    )
    path.click(page.get_by_role("tab", name="Español"), "tab Español")
    spanish = page.locator("#lang-es")
    path.fill(spanish.get_by_label("Title"), "Aprueben la Ley de Comunidades Seguras", "Title (es)")
    write_script(
        path,
        spanish,
        [
            ("type", "Hola, me llamo "),
            ("chip", "Caller's name"),
            ("type", " y vivo en "),
            ("chip", "Caller's city"),
            ("type", ". Le pido a "),
            ("chip", "Target's title"),
            ("chip", "Target's last name"),
            ("type", " que apoye la Ley de Comunidades Seguras, "),
            ("variable", "bill"),
            ("type", ". Gracias."),
        ],
        "es",
    )

    path.fill(page.get_by_label("Preview address"), "01003", "Preview address")
    preview = page.locator("#preview")
    expect(preview.locator("article.target.card").first).to_be_visible()
    expect(preview.locator("article.card.done")).to_be_visible()
    expect(preview.locator(".script").first).to_contain_text(
        "Hello, my name is [your name] and I live in Amherst. I ask"
    )
    expect(preview.locator(".script").first).to_contain_text("S.1401 / H.3573")
    expect(preview.locator("a.call").first).to_contain_text("Call")
    shot(page, f"builder-1-form-preview-en-{screen}")
    path.pick(page.get_by_label("Preview language"), "es", "Preview language: Español")
    expect(preview.locator(".script").first).to_contain_text("Hola, me llamo")
    expect(preview.locator("a.call").first).to_contain_text("Llamar")
    expect(preview.locator("article.card.done")).to_contain_text("Gracias")
    shot(page, f"builder-2-form-preview-es-{screen}")
    spanish.get_by_label("Script", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"builder-screen-{screen}.png"))  # what the screen shows
    check_admin_page(page, screen, "builder with preview")

    path.click(page.get_by_role("button", name="Launch", exact=True), "Launch")
    expect(page.locator("h1")).to_contain_text("Launch “")
    check_admin_page(page, screen, "confirm launch")
    path.click(page.get_by_role("button", name="Yes, launch it"), "Yes, launch it")
    elapsed = time.monotonic() - started
    expect(page.locator(".notice")).to_contain_text("is live.")
    expect(page.locator("#public-link")).to_have_value("http://127.0.0.1:8000/c/ma-safe-communities-bill")
    expect(page.locator("img[src$='/qr.svg']")).to_be_visible()
    expect(page.locator("#embed-es")).to_contain_text('data-campaign="ma-safe-communities-bill"')
    check_admin_page(page, screen, "share page")
    shot(page, f"builder-3-share-{screen}")

    report = (
        f"{screen}: sign-in to launch in {len(path.clicks)} clicks and {len(path.fields)} fields, "
        f"{elapsed:.0f} s by the robot\nclicks: {', '.join(path.clicks)}\nfields: {', '.join(path.fields)}\n"
    )
    (ARTIFACTS / f"builder-path-{screen}.txt").write_text(report, encoding="utf-8")
    assert len(path.fields) <= 14
    assert len(path.clicks) <= 30

    for name, url in (
        ("edit form", "/admin/campaigns/ma-safe-communities-bill/edit"),
        ("campaign file", "/admin/campaigns/ma-safe-communities-bill"),
        ("staff preview", "/admin/campaigns/ma-safe-communities-bill/preview?address=01003"),
        ("duplicate", "/admin/campaigns/ma-safe-communities-bill/duplicate"),
        ("confirm pause", "/admin/campaigns/ma-safe-communities-bill/confirm/pause"),
        ("directory", "/admin/directory"),
        ("new campaign file", "/admin/campaigns/new/advanced"),
        ("campaign list after", "/admin"),
    ):
        page.goto(base_url + url)
        check_admin_page(page, screen, name)


def test_an_organizer_builds_a_committee_campaign_with_the_form_only(base_url: str, browser: Browser) -> None:
    """ "Members of the Senate Judiciary Committee, your own Senator first if on it": the committee
    picked by its name, the rule in words; a Vermont caller's preview has Senator Welch first."""
    page = browser.new_context(viewport=SCREENS["desktop"], bypass_csp=True).new_page()  # type: ignore[arg-type]
    path = Path(page)
    english = start_the_judiciary_campaign(path, base_url=base_url, slug="judiciary-hearing")
    path.fill(page.get_by_label("At most this many calls per caller"), "5", "Cap")
    write_the_hearing_script_and_preview_05401(path, english)
    cards = page.locator("#preview article.target.card")
    expect(cards).to_have_count(5)
    expect(cards.first).to_contain_text("Welch")
    expect(page.locator("#preview .script").first).to_contain_text(
        "Hello Senator Welch, please hold a hearing on the bill."
    )
    check_admin_page(page, "desktop", "builder with a committee")
    shot(page, "builder-4-committee-desktop")

    path.click(page.get_by_role("button", name="Save draft"), "Save draft")
    expect(page.locator(".saved")).to_have_text("Saved.")
    expect(page.get_by_label("Committee 1")).to_have_value("SSJU")
    expect(page.locator("#committee_rule-1")).to_have_value("own-first")
    expect(page.get_by_label("At most this many calls per caller")).to_have_value("5")
    expect(page.locator("pre.yaml")).to_contain_text("rule: own-first")
    assert len(path.fields) <= 8
