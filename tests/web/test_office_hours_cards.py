"""The constituent's card tells whether the office is open, at frozen moments in several zones: a
Vermont caller in the evening sees every office closed and is offered a voicemail (which counts), in
the morning the open office; a California office seen late in the Eastern evening is open; the
Spanish page says it in Spanish; "Line busy?" lists the other numbers, open first."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.campaigns.targeting import Target
from app.civic.directory.office_status import OfficeStatus
from app.civic.directory.officials import OfficeChoice, OfficeContact, Representative
from app.i18n.catalog import words
from app.kernel.vocabulary import Chamber, Outcome
from app.models.calls import CallLeg
from app.settings import Settings
from app.storage.db import create_db_engine
from app.tallies.filters import TallyFilter
from app.tallies.queries import campaign_tallies
from app.web.views.office_cards import office_hours_view

EASTERN = ZoneInfo("America/New_York")
HTML = {"Accept": "text/html"}
BURLINGTON = "05401"
SACRAMENTO = "1315 10th St, Sacramento, CA 95814"
MONDAY_EVENING = datetime(2026, 12, 7, 19, tzinfo=EASTERN)
TUESDAY_MORNING = datetime(2026, 12, 8, 10, tzinfo=EASTERN)


def card(html: str, step: int) -> str:
    found = re.search(rf'<article class="target card" id="step-{step}".*?</article>', html, re.S)
    assert found is not None, html[:2000]
    return found.group(0)


def look_up(client: TestClient, at: datetime, address: str, **fields: str) -> str:
    with time_machine.travel(at, tick=False):
        page = client.post("/c/grace-no-ban", data={"address": address, **fields}, headers=HTML)
    assert page.status_code == 200
    return str(page.text)


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_a_vermont_caller_at_7_pm_sees_every_office_closed_and_can_leave_a_voicemail(
    client: TestClient, settings: Settings
) -> None:
    html = look_up(client, MONDAY_EVENING, BURLINGTON)
    for step in (1, 2, 3):
        shown = card(html, step)
        assert '<p class="hours closed" data-open="false">Closed now · opens Tuesday 9 am ET</p>' in shown
        assert 'class="all-closed"' in shown
        assert "Every office is closed now. You can still call and leave a voicemail" in shown
        # Calling still works: the same number, saying what to expect.
        call = re.search(r'<a class="call voicemail" href="tel:\+1\d{10}">(.*?)</a>', shown)
        assert call is not None
        assert plain(call.group(1)).startswith("Call (802)")
        assert plain(call.group(1)).endswith("Leave a voicemail")
        assert 'value="voicemail"' in shown
    # Bernie Sanders: the Burlington office, and his Washington office (closed) under "Line busy?".
    first = card(html, 1)
    assert "Burlington office" in first
    busy = re.search(r'<details class="other-offices">(.*?)</details>', first, re.S)
    assert busy is not None
    assert "Line busy? Their other offices" in busy.group(1)
    assert 'href="tel:+12022245141"' in busy.group(1)
    assert "Closed now · opens Tuesday 9 am ET" in busy.group(1)

    # The voicemail the caller reports is recorded and counted.
    token = re.search(r'name="token" value="([^"]+)"', html)
    lookup = re.search(r'name="lookup" value="([^"]+)"', html)
    assert token is not None
    assert lookup is not None
    with time_machine.travel(MONDAY_EVENING, tick=False):
        reported = client.post(
            "/c/grace-no-ban",
            data={
                "address": BURLINGTON,
                "token": token.group(1),
                "lookup": lookup.group(1),
                "step": "2",
                "target_id": "S000033",
                "outcome": Outcome.VOICEMAIL,
            },
            headers=HTML,
        )
    assert "Recorded: Left a voicemail." in reported.text
    engine = create_db_engine(settings.database_url)
    with Session(engine) as session:
        legs = session.exec(select(CallLeg)).all()
        tallies = campaign_tallies(session, slug="grace-no-ban", filters=TallyFilter(), now=MONDAY_EVENING)
    engine.dispose()
    assert [(leg.target_id, leg.outcome) for leg in legs] == [("S000033", "voicemail")]
    assert tallies.headline.counts.voicemails == 1
    assert tallies.headline.counts.made == 1


def test_at_10_am_the_card_shows_the_open_office(client: TestClient) -> None:
    html = look_up(client, TUESDAY_MORNING, BURLINGTON)
    first = card(html, 1)
    assert '<p class="hours open" data-open="true">Open now · closes 5 pm ET</p>' in first
    assert "all-closed" not in first
    assert '<a class="call" href="tel:+18028620697">Call (802) 862-0697</a>' in first
    busy = re.search(r'<details class="other-offices">(.*?)</details>', first, re.S)
    assert busy is not None
    assert "Washington office" in busy.group(1)
    assert "Open now · closes 5:30 pm ET" in busy.group(1)


def test_published_hours_that_do_not_read_as_a_schedule_are_shown_as_published(client: TestClient) -> None:
    # Becca Balint's Brattleboro office publishes "By Appointment Only": listed as such, no guess.
    html = look_up(client, TUESDAY_MORNING, BURLINGTON)
    house = card(html, 3)
    assert "Becca Balint" in house
    posted = '<span class="hours posted">Posted hours: <span lang="en">By Appointment Only</span></span>'
    assert posted in house


def test_a_california_office_seen_late_in_the_eastern_evening_is_open(client: TestClient) -> None:
    html = look_up(client, datetime(2026, 12, 7, 19, 30, tzinfo=EASTERN), SACRAMENTO)
    senator = card(html, 1)
    assert "Open now · closes 5 pm PT" in senator
    assert "all-closed" not in senator
    # Her other California offices are open too, listed before the Washington office, closed.
    busy = re.search(r'<details class="other-offices">(.*?)</details>', senator, re.S)
    assert busy is not None
    statuses = re.findall(r'<span class="hours (open|closed)">', busy.group(1))
    assert statuses == sorted(statuses, key=lambda s: s != "open")
    assert statuses[-1] == "closed"
    assert "Washington office" in busy.group(1).rsplit("<li>", 1)[-1]


def test_the_spanish_page_says_it_in_spanish(client: TestClient) -> None:
    evening = look_up(client, MONDAY_EVENING, BURLINGTON, lang="es")
    first = card(evening, 1)
    assert "Cerrado ahora · abre el martes a las 9 a.m. ET" in first
    assert "Todas las oficinas están cerradas ahora." in first
    assert "Dejar un mensaje" in first
    assert "¿Línea ocupada? Sus otras oficinas" in first
    morning = card(look_up(client, TUESDAY_MORNING, BURLINGTON, lang="es"), 1)
    assert "Abierto ahora · cierra a las 5 p.m. ET" in morning
    assert "Horario publicado" in card(look_up(client, TUESDAY_MORNING, BURLINGTON, lang="es"), 3)


def test_on_the_autumn_switch_day_the_card_opens_monday_at_9_local(client: TestClient) -> None:
    html = look_up(client, datetime(2026, 11, 1, 20, tzinfo=EASTERN), BURLINGTON)
    assert "Closed now · opens Monday 9 am ET" in card(html, 1)
    monday = look_up(client, datetime(2026, 11, 2, 9, 5, tzinfo=EASTERN), BURLINGTON)
    assert "Open now · closes 5 pm ET" in card(monday, 1)


def contact(
    office_id: str, phone: str | None, *, kind: str = "district", city: str = "Burlington"
) -> OfficeContact:
    return OfficeContact(id=office_id, kind=kind, phone=phone, address="", city=city, state="VT", zip="05401")


def target_with(*offices: OfficeContact, chosen: OfficeContact, status: OfficeStatus | None) -> Target:
    rep = Representative(
        id="S000033",
        source="test",
        name="Bernard Sanders",
        last_name="Sanders",
        title="Senator",
        chamber=Chamber.US_SENATE,
        party="Independent",
        state="VT",
        district="",
        division_id="ocd-division/country:us/state:vt",
        offices=offices,
    )
    return Target(representative=rep, choice=OfficeChoice(chosen, status=status), script="Hello")


def test_an_office_with_no_phone_is_neither_called_nor_listed() -> None:
    with_phone = contact("a", "+18028620697")
    without = contact("b", None, city="Rutland")
    washington = contact("c", "+12022245141", kind="capitol", city="Washington")
    status = with_phone.status_at(MONDAY_EVENING)
    view = office_hours_view(
        target_with(with_phone, without, washington, chosen=with_phone, status=status),
        now=MONDAY_EVENING,
        language="en",
        text=words("en", "ui"),
    )
    assert view is not None
    assert [o.phone for o in view.others] == ["+12022245141"]
    assert view.all_closed
    # The office chosen has no phone (every office lacks one): the card says "no phone", no hours.
    lonely = target_with(without, chosen=without, status=without.status_at(MONDAY_EVENING))
    assert office_hours_view(lonely, now=MONDAY_EVENING, language="en", text=words("en", "ui")) is None


def test_a_target_without_a_moment_has_no_hours_line() -> None:
    # A campaign's own targets are chosen without a moment (no hours of theirs are known).
    office = contact("custom-0", "+16175550100", kind="custom", city="")
    custom = target_with(office, chosen=office, status=None)
    view = office_hours_view(custom, now=MONDAY_EVENING, language="en", text=words("en", "ui"))
    assert view is None
