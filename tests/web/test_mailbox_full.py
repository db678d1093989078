"""A "Mailbox full" report sends the next callers to another office of the legislator for a while,
in every app on the database (two apps on one PostgreSQL), and the mark expires by the clock."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import respx
import time_machine
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.civic.directory.line_health import mark_unhealthy
from app.kernel.phones import parse_office_phone
from app.main import create_app
from app.models.directory import OfficeHealth
from app.storage.db import create_db_engine, session_scope
from tests.support import (
    HTML,
    AppFor,
    app_settings,
    postgres_copy_of,
)

BOSTON = "1 Ashburton Place, Boston, MA 02108"
BOSTON_OFFICE = parse_office_phone("617-565-8519")  # Markey's office nearest Boston
SPRINGFIELD_OFFICE = parse_office_phone("413-785-4610")
TUESDAY_MORNING = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # 10:00 in Massachusetts
BROWSER = "browser-token-0123456789"


@pytest.fixture
def shared_database(prepared_postgres: str) -> Iterator[str]:
    """PostgreSQL with the directory and the shipped campaigns (a copy of the worker's template)."""
    with postgres_copy_of(prepared_postgres) as url:
        yield url


def app_on(url: str) -> TestClient:
    """One app (its own engine and read models), checking the data versions at every request."""
    return TestClient(create_app(app_settings(url, read_model_check_seconds=0)))


def markey(client: TestClient) -> dict[str, str]:
    answer = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON})
    assert answer.status_code == 200, answer.text
    target = answer.json()["targets"][0]
    assert target["id"] == "M000133"
    return {"phone": target["office"]["phone"], "lookup": answer.json()["lookup"]}


def report_full_mailbox(client: TestClient, lookup: str, *, browser: str = BROWSER) -> None:
    body = {"token": browser, "target_id": "M000133", "lookup": lookup, "outcome": "mailbox-full"}
    answer = client.post("/api/v1/campaigns/grace-no-ban/outcomes", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"target_id": "M000133", "outcome": "mailbox-full"}


def test_a_full_mailbox_routes_the_next_callers_of_both_apps_elsewhere_until_it_expires(
    shared_database: str, census: respx.Router
) -> None:
    with (
        time_machine.travel(TUESDAY_MORNING, tick=False) as clock,
        app_on(shared_database) as first,
        app_on(shared_database) as second,
    ):
        shown = markey(first)
        assert shown["phone"] == BOSTON_OFFICE
        assert markey(second)["phone"] == BOSTON_OFFICE
        report_full_mailbox(first, shown["lookup"])
        assert markey(second)["phone"] == SPRINGFIELD_OFFICE, "the other app sees the mark at once"
        assert markey(first)["phone"] == SPRINGFIELD_OFFICE
        clock.shift(timedelta(minutes=14))
        assert markey(second)["phone"] == SPRINGFIELD_OFFICE
        clock.shift(timedelta(minutes=2))
        again = markey(second)
        assert again["phone"] == BOSTON_OFFICE, "15 minutes later the number is used again"
        # The same visitor saying it again marks nothing more; another visitor soon after marks it
        # again, for twice as long.
        report_full_mailbox(second, markey(first)["lookup"])
        assert markey(first)["phone"] == BOSTON_OFFICE
        report_full_mailbox(second, markey(first)["lookup"], browser="another-browser-token-42")
        clock.shift(timedelta(minutes=29))
        assert markey(first)["phone"] == SPRINGFIELD_OFFICE
        clock.shift(timedelta(minutes=2))
        assert markey(first)["phone"] == BOSTON_OFFICE


def test_marks_double_on_repeats_up_to_the_cap_and_start_over_after_a_quiet_spell(
    migrated_url: str,
) -> None:
    engine = create_db_engine(migrated_url)
    first, cap = timedelta(minutes=15), timedelta(minutes=60)

    def mark(at: datetime) -> OfficeHealth:
        with session_scope(engine) as session:
            row = mark_unhealthy(session, phone=BOSTON_OFFICE, now=at, first=first, cap=cap)
            return OfficeHealth.model_validate(row.model_dump())

    spans = []
    for minutes in (0, 1, 2, 3):
        at = TUESDAY_MORNING + timedelta(minutes=minutes)
        spans.append(mark(at).unhealthy_until - at)
    assert spans == [
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(minutes=60),
        timedelta(minutes=60),
    ]
    later = TUESDAY_MORNING + timedelta(hours=3)
    fresh = mark(later)
    assert (fresh.strikes, fresh.unhealthy_until - later) == (1, timedelta(minutes=15))
    with Session(engine) as session:
        assert session.get(OfficeHealth, BOSTON_OFFICE) is not None
    engine.dispose()


def test_the_page_offers_mailbox_full_beside_the_other_numbers_and_a_report_marks_the_number(
    database_url: str, census: respx.Router, app_for: AppFor
) -> None:
    settings = app_settings(database_url, read_model_check_seconds=0)
    with time_machine.travel(TUESDAY_MORNING, tick=False), TestClient(app_for(settings)) as client:
        first = client.post("/c/grace-no-ban", data={"address": BOSTON, "lang": "es"}, headers=HTML)
        assert first.status_code == 200
        offered = re.search(r'<details class="other-offices".*?</details>', first.text, re.S)
        assert offered is not None
        assert 'form="step-form-1" name="outcome" value="mailbox-full"' in offered.group(0)
        assert ">Buzón lleno</button>" in offered.group(0)
        token = re.search(r'name="token" value="([A-Za-z0-9_-]+)"', first.text)
        lookup = re.search(r'name="lookup" value="([^"]+)"', first.text)
        assert token is not None
        assert lookup is not None
        form = {
            "address": BOSTON,
            "lang": "es",
            "token": token.group(1),
            "lookup": lookup.group(1),
            "step": "2",
            "target_id": "M000133",
            "outcome": "mailbox-full",
        }
        reported = client.post("/c/grace-no-ban", data=form, headers=HTML)
        assert reported.status_code == 200
        assert "Buzón lleno" in reported.text
        engine = create_db_engine(database_url)
        with Session(engine) as session:
            assert session.get(OfficeHealth, BOSTON_OFFICE) is not None
        engine.dispose()
        again = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON}).json()
        assert again["targets"][0]["office"]["phone"] == SPRINGFIELD_OFFICE


def test_line_busy_says_which_number_is_avoided_for_a_full_mailbox_in_english_and_spanish(
    database_url: str, census: respx.Router, app_for: AppFor
) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        first, cap = timedelta(minutes=15), timedelta(hours=4)
        mark_unhealthy(session, phone=BOSTON_OFFICE, now=TUESDAY_MORNING, first=first, cap=cap)
    engine.dispose()
    settings = app_settings(database_url, read_model_check_seconds=0)
    with time_machine.travel(TUESDAY_MORNING, tick=False) as clock, TestClient(app_for(settings)) as client:

        def boston_under_line_busy(language: str) -> str:
            page = client.post("/c/grace-no-ban", data={"address": BOSTON, "lang": language}, headers=HTML)
            assert page.status_code == 200
            markey = re.search(r'<article class="target card" id="step-1".*?</article>', page.text, re.S)
            assert markey is not None
            assert f'<a class="call" href="tel:{SPRINGFIELD_OFFICE}"' in markey.group(0)
            listed = re.search(r'<details class="other-offices".*?</details>', markey.group(0), re.S)
            assert listed is not None
            others = re.findall(r"<li>(.*?)</li>", listed.group(0), re.S)
            # Every office is open at 10 am: the avoided number comes last.
            assert f'href="tel:{BOSTON_OFFICE}"' in others[-1]
            assert all(f'href="tel:{BOSTON_OFFICE}"' not in item for item in others[:-1])
            return str(others[-1])

        assert "Mailbox full, callers report: try another number" in boston_under_line_busy("en")
        assert "Buzón lleno, según otras personas: pruebe otro número" in boston_under_line_busy("es")
        clock.shift(timedelta(minutes=16))
        page = client.post("/c/grace-no-ban", data={"address": BOSTON}, headers=HTML)
        assert "Mailbox full, callers report" not in page.text, "the mark has expired"
