"""Office hours read from the published text, and open/closed at a moment, in the office's own zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.civic.directory.office_hours import (
    CAPITOL_HOURS,
    DISTRICT_HOURS,
    OfficeHours,
    Opening,
    default_hours,
    parse_hours,
)
from app.civic.directory.office_status import FEDERAL_HOLIDAYS, office_status
from app.civic.directory.officials import OfficeChoice, OfficeContact, nearest_office
from app.civic.directory.view import DirectoryView
from app.civic.geography.time_zones import zone_of
from tests.support import DIRECTORY_DATA, read_yaml

EASTERN = ZoneInfo("America/New_York")
MON_FRI = range(5)


def week(opens: time, closes: time, days: range | list[int] = MON_FRI) -> set[Opening]:
    return {Opening(day, opens, closes) for day in days}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday-Friday 9:00AM-5:00PM", week(time(9), time(17))),
        ("Mon-Fri 9am-5pm", week(time(9), time(17))),
        ("M-F 9-5:30pm", week(time(9), time(17, 30))),
        ("Monday through Friday, 9 a.m. to 5 p.m.", week(time(9), time(17))),
        ("8:30am-4:30pm, M-F", week(time(8, 30), time(16, 30))),
        ("8:30am - 5:30pm (M-F)", week(time(8, 30), time(17, 30))),
        ("Mon-Fri 8:00AM-5:00PM CT", week(time(8), time(17))),
        ("Wed-Fri 9AM-5PM", week(time(9), time(17), [2, 3, 4])),
        ("Tuesday/Thursday 9AM-4:30PM", week(time(9), time(16, 30), [1, 3])),
        (
            "Wednesdays from 8:30am-4:30pm. Appointments strongly encouraged.",
            week(time(8, 30), time(16, 30), [2]),
        ),
        (
            "Tuesday 10:00AM-12:00PM and Thursday 2:00PM-4:00PM",
            {Opening(1, time(10), time(12)), Opening(3, time(14), time(16))},
        ),
        (
            "Wednesday-Friday 9:00AM-5:00PM, Monday and Tuesday by appointment only",
            week(time(9), time(17), [2, 3, 4]),
        ),
        ("Tuesday, 9AM - noon", {Opening(1, time(9), time(12))}),
        ("9:00am-5:00pm (PT), Weekdays", week(time(9), time(17))),
    ],
)
def test_published_hours_that_read_plainly_become_openings(text: str, expected: set[Opening]) -> None:
    hours = parse_hours(text)
    assert hours is not None
    assert set(hours.openings) == expected
    assert hours.text == text


@pytest.mark.parametrize(
    "text",
    [
        "By appointment only",
        "by appointment only",
        "Tuesday-Thursday",  # days, no times
        "8:30 am to 5:00 pm",  # times, no days: not guessed
        "9:00am - 5:00pm, please call ahead",
        "Mon-Fri 5pm-9am",  # closes before it opens
        "Mon-Fri 9:75am-5pm",
        "First Tuesday of every month 9:00AM - 1:00PM",  # not every Tuesday
        "Every 1st, 3rd, and 5th Tuesday, 9AM-1PM",
        "",
    ],
)
def test_text_that_does_not_say_days_and_times_is_kept_not_guessed(text: str) -> None:
    assert parse_hours(text) is None


def test_the_real_district_offices_hours_read_where_they_are_plain() -> None:
    offices = read_yaml(DIRECTORY_DATA / "congress-legislators" / "legislators-district-offices.yaml")
    texts = [str(o["hours"]) for person in offices for o in person.get("offices", []) if o.get("hours")]
    parsed = {text: parse_hours(text) for text in texts}
    assert len(texts) > 200
    readable = [hours for hours in parsed.values() if hours is not None]
    # Of 253 texts, 93 say only "by appointment" and 20 hold some weeks only: 84 read as weekly hours.
    assert len(readable) >= 80
    assert parsed["By appointment only"] is None
    for hours in readable:
        assert all(o.opens < o.closes and 0 <= o.weekday <= 6 for o in hours.openings)


def test_defaults_by_kind_of_office() -> None:
    assert default_hours("capitol") is CAPITOL_HOURS
    assert default_hours("district") is DISTRICT_HOURS
    assert set(CAPITOL_HOURS.openings) == week(time(9), time(17, 30))


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def test_a_vermont_office_at_seven_in_the_evening_is_closed_until_the_next_morning() -> None:
    status = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 12, 8, 19, 0))
    assert not status.open_now
    assert status.changes_at == at(EASTERN, 2026, 12, 9, 9, 0)


def test_at_ten_it_is_open_until_five() -> None:
    status = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 12, 8, 10, 0))
    assert status.open_now
    assert status.changes_at == at(EASTERN, 2026, 12, 8, 17, 0)


def test_friday_evening_opens_monday_and_a_holiday_is_skipped() -> None:
    friday = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 12, 11, 17, 0))
    assert (friday.open_now, friday.changes_at) == (False, at(EASTERN, 2026, 12, 14, 9, 0))
    christmas_eve = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 12, 24, 18, 0))
    assert christmas_eve.changes_at == at(EASTERN, 2026, 12, 28, 9, 0), "Friday the 25th is a holiday"
    observed = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 7, 3, 10, 0))
    assert not observed.open_now, "Independence Day observed on Friday, July 3, 2026"


def test_across_the_march_switch_monday_opens_at_nine_local() -> None:
    status = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2027, 3, 12, 18, 0))
    assert status.changes_at is not None
    assert status.changes_at.astimezone(UTC) == datetime(2027, 3, 15, 13, 0, tzinfo=UTC), "9:00 EDT"
    on_the_day = office_status(DISTRICT_HOURS, zone=EASTERN, now=datetime(2027, 3, 15, 12, 59, tzinfo=UTC))
    assert not on_the_day.open_now, "8:59 EDT"


def test_across_the_november_switch_monday_opens_at_nine_local() -> None:
    status = office_status(DISTRICT_HOURS, zone=EASTERN, now=at(EASTERN, 2026, 10, 30, 18, 0))
    assert status.changes_at is not None
    assert status.changes_at.astimezone(UTC) == datetime(2026, 11, 2, 14, 0, tzinfo=UTC), "9:00 EST"
    open_now = office_status(DISTRICT_HOURS, zone=EASTERN, now=datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    assert open_now.open_now


def test_an_office_that_never_opens_says_so() -> None:
    status = office_status(OfficeHours(openings=()), zone=EASTERN, now=at(EASTERN, 2026, 12, 8, 10, 0))
    assert (status.open_now, status.changes_at) == (False, None)


def test_one_moment_is_open_in_one_zone_and_closed_in_another() -> None:
    pacific = zone_of(state="CA", zip_code="90012")
    moment = datetime(2026, 12, 8, 23, 30, tzinfo=UTC)  # 18:30 in Boston, 15:30 in Los Angeles
    assert not office_status(DISTRICT_HOURS, zone=EASTERN, now=moment).open_now
    assert office_status(DISTRICT_HOURS, zone=pacific, now=moment).open_now


@pytest.mark.parametrize(
    ("state", "zip_code", "zone"),
    [
        ("VT", "05401", "America/New_York"),
        ("TN", "38103", "America/Chicago"),
        ("TN", "37902", "America/New_York"),
        ("CA", "90012", "America/Los_Angeles"),
        ("TN", "", "America/Chicago"),
        ("AZ", "", "America/Phoenix"),
        ("MA", "90012", "America/New_York"),  # a ZIP of another state is not believed
    ],
)
def test_an_office_zone_comes_from_its_zip_then_its_state(state: str, zip_code: str, zone: str) -> None:
    assert zone_of(state=state, zip_code=zip_code) == ZoneInfo(zone)


def test_federal_holidays_close_offices() -> None:
    assert date(2026, 12, 25) in FEDERAL_HOLIDAYS
    assert date(2026, 12, 24) not in FEDERAL_HOLIDAYS


def steil_offices(directory: DirectoryView) -> tuple[OfficeContact, ...]:
    """Rep. Bryan Steil (WI-1): six district offices, each open a few hours a week (the snapshot)."""
    found = [r for reps in directory.by_division.values() for r in reps if r.id == "S001213"]
    assert len(found) == 1
    return found[0].offices


CENTRAL = ZoneInfo("America/Chicago")


def test_a_sync_keeps_each_office_s_published_hours(directory: DirectoryView) -> None:
    hours = {office.city: office.hours for office in steil_offices(directory)}
    assert hours["Janesville"] == "Tuesday 10:00AM-12:00PM and Thursday 2:00PM-4:00PM"
    assert hours["Beloit"] == "Wednesday 9:00AM-11:00AM"


def from_janesville(offices: tuple[OfficeContact, ...], now: datetime | None = None) -> OfficeChoice | None:
    return nearest_office(offices, latitude=42.6825, longitude=-89.0221, state="WI", now=now)


def test_the_office_to_call_is_the_nearest_one_open_then_the_nearest(directory: DirectoryView) -> None:
    offices = steil_offices(directory)
    tuesday = from_janesville(offices, at(CENTRAL, 2026, 12, 8, 10, 30))
    assert tuesday is not None
    assert tuesday.office.city == "Janesville"
    assert tuesday.status is not None
    assert tuesday.status.open_now
    assert tuesday.status.changes_at == at(CENTRAL, 2026, 12, 8, 12, 0)

    wednesday = from_janesville(offices, at(CENTRAL, 2026, 12, 9, 9, 30))
    assert wednesday is not None
    assert wednesday.office.city == "Beloit", "Janesville is closed; Beloit, 13 km away, is open"
    assert wednesday.status is not None
    assert wednesday.status.open_now

    friday = from_janesville(offices, at(CENTRAL, 2026, 12, 11, 10, 0))
    assert friday is not None
    assert friday.office.city == "Janesville", "none open: the nearest, saying when it opens"
    assert friday.status is not None
    assert not friday.status.open_now
    assert friday.status.changes_at == at(CENTRAL, 2026, 12, 15, 10, 0)

    no_moment = from_janesville(offices)
    assert no_moment is not None
    assert (no_moment.office.city, no_moment.status) == ("Janesville", None)
