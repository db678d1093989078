"""The whole journey in Debian's Chromium: an organizer creates, previews and launches a campaign;
a constituent uses it in Spanish. Screenshots land in test-artifacts/."""

import re
from collections.abc import Iterator

import pytest
import respx
from playwright.sync_api import Browser, Page, expect

from app.settings import Settings
from tests.live import ARTIFACTS, live_server
from tests.support import ORGANIZER_EMAIL, PASSWORD, AppFor

THIRD_CAMPAIGN = """\
slug: fund-legal-aid
title: Fund legal aid for immigrant families
status: draft
default_language: en
description: |
  Families facing deportation have **no right to a lawyer**. Ask Congress to fund legal aid.
call_modes: [number]
targets:
  chambers: [us-house, us-senate]
variables:
  bill: H.R. 1000
scripts:
  en:
    text: |
      Hello, my name is {{ caller.name }} and I live in {{ caller.city }}.
      I ask {{ target.title }} {{ target.last_name }} to fund legal aid in {{ bill }}.
  es:
    text: |
      Hola, me llamo {{ caller.name }} y vivo en {{ caller.city }}.
      Le pido a {{ target.title }} {{ target.last_name }} que financie la asistencia legal en {{ bill }}.
"""

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(settings: Settings, accounts: str, census: respx.Router, app_for: AppFor) -> Iterator[str]:
    with live_server(app_for(settings)) as url:
        yield url


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_organizer_launches_a_campaign_that_a_constituent_uses(base_url: str, browser: Browser) -> None:
    organizer = browser.new_page()
    organizer.goto(f"{base_url}/admin")
    expect(organizer).to_have_url(f"{base_url}/admin/login?next=/admin")
    organizer.fill("#email", ORGANIZER_EMAIL)
    organizer.fill("#password", PASSWORD)
    organizer.click("button:has-text('Sign in')")
    expect(organizer.locator("h1")).to_have_text("Campaigns")
    shot(organizer, "1-admin-campaigns")

    organizer.click("text=New campaign")
    organizer.click("text=Advanced: the campaign file (YAML)")  # the form's "Advanced" way
    organizer.click("text=Write a new campaign as a file")
    organizer.fill("#definition", THIRD_CAMPAIGN.replace("{{ bill }}.", "{{ bil }}."))
    expect(organizer.locator("#problems")).to_contain_text("unknown placeholder(s) for us-house: bil")
    shot(organizer, "2-live-validation")
    organizer.fill("#definition", THIRD_CAMPAIGN)
    expect(organizer.locator("#problems")).to_contain_text("No problems found.")
    organizer.click("button:has-text('Save')")
    expect(organizer.locator(".saved")).to_have_text("Saved.")

    organizer.fill("#address", "1 Ashburton Place, Boston, MA 02108")
    organizer.fill("#name", "Ana")
    organizer.click("button:has-text('Preview')")
    expect(organizer.locator("article.target")).to_have_count(3)
    expect(organizer.locator("article.target").first).to_contain_text(
        "I ask Representative Pressley to fund legal aid in H.R. 1000."
    )
    shot(organizer, "3-preview")

    organizer.click("a:has-text('Launch…')")
    expect(organizer.locator("h1")).to_contain_text("Launch “")
    shot(organizer, "4-confirm-launch")
    organizer.click("button:has-text('Yes, launch it')")
    expect(organizer.locator(".notice")).to_contain_text("is live.")
    expect(organizer.locator("#public-link")).to_have_value(re.compile(r"/c/fund-legal-aid$"))
    shot(organizer, "4-launched-share")
    organizer.goto(f"{base_url}/admin")
    row = organizer.locator("tr[data-slug='fund-legal-aid']")
    expect(row.locator(".status")).to_have_text("live")

    constituent = browser.new_context().new_page()
    constituent.goto(f"{base_url}/c/fund-legal-aid")
    expect(constituent.locator("strong", has_text="no right to a lawyer")).to_be_visible()
    constituent.click("a:has-text('Español')")
    expect(constituent.locator("html")).to_have_attribute("lang", "es")
    constituent.fill("#address", "1 Ashburton Place, Boston, MA 02108")
    constituent.fill("#name", "Luis")
    constituent.click("button:has-text('Buscar a mis legisladores')")
    first = constituent.locator("article.target").first
    expect(first).to_contain_text("Ayanna Pressley")
    expect(first.locator(".script")).to_have_attribute("lang", "es")
    expect(first.locator(".script")).to_contain_text("Hola, me llamo Luis y vivo en Boston.")
    expect(first.locator(".script")).to_contain_text("Le pido a Representante Pressley que financie")
    expect(first.locator("a.call")).to_contain_text("Llamar al (617)")
    shot(constituent, "5-constituent-es")

    constituent.goto(f"{base_url}/c/fund-legal-aid")
    expect(constituent.locator("html")).to_have_attribute("lang", "es")  # the choice is remembered
