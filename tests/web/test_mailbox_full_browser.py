""" "Mailbox full" beside the legislator's other numbers, in a real Chromium on a 390×844 phone: a
thumb-sized button that records the outcome (with and without JavaScript, English and Spanish)."""

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from tests.web.test_call_flow_browser import (
    Visit,
    open_page,
    own_site,  # noqa: F401 (the fixture)
    pytestmark,  # noqa: F401 (browser tests: marked, skipped without Chromium)
)
from tests.web.test_office_hours_browser import OPEN_AT, VISITS, WORDS, assert_thumb_sized, check, first_card

FULL = {"en": "Mailbox full", "es": "Buzón lleno"}


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_mailbox_full_is_reported_from_beside_the_other_numbers(
    own_site: tuple[str, Browser],  # noqa: F811
    visit: Visit,
) -> None:
    # A site of the test's own: a number reported with a full mailbox is avoided for a while after.
    base_url, browser = own_site
    with time_machine.travel(OPEN_AT):
        page = open_page(browser, visit)
        card = first_card(page, base_url, visit)
        busy = card.locator("details.other-offices")
        busy.locator("summary").click()
        expect(busy.locator("summary")).to_contain_text(WORDS[visit.language]["busy"])
        full = busy.get_by_role("button", name=FULL[visit.language])
        assert_thumb_sized(full, "the Mailbox full button")
        full.click()
        expect(page.locator("#flow-status")).to_contain_text(FULL[visit.language])
        check(page, visit, "mailbox-full")
