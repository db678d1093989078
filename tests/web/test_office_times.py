"""An office's status in words, in English and Spanish, in the office's own zone, across DST changes."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.civic.directory.office_hours import CAPITOL_HOURS, DISTRICT_HOURS
from app.civic.directory.office_status import OfficeStatus, office_status
from app.web.views.office_times import at_time, status_line, zone_abbreviation

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
HAWAII = ZoneInfo("Pacific/Honolulu")


def line(hours_now: datetime, *, zone: ZoneInfo, language: str, capitol: bool = False) -> str:
    hours = CAPITOL_HOURS if capitol else DISTRICT_HOURS
    status = office_status(hours, zone=zone, now=hours_now)
    return status_line(status, zone=zone, now=hours_now, language=language)


@pytest.mark.parametrize(
    ("now", "language", "expected"),
    [
        (datetime(2026, 12, 7, 10, tzinfo=EASTERN), "en", "Open now · closes 5:30 pm ET"),
        (datetime(2026, 12, 7, 10, tzinfo=EASTERN), "es", "Abierto ahora · cierra a las 5:30 p.m. ET"),
        # Friday evening: Monday, named.
        (datetime(2026, 12, 4, 19, tzinfo=EASTERN), "en", "Closed now · opens Monday 9 am ET"),
        (datetime(2026, 12, 4, 19, tzinfo=EASTERN), "es", "Cerrado ahora · abre el lunes a las 9 a.m. ET"),
        # Early morning: later today.
        (datetime(2026, 12, 7, 7, tzinfo=EASTERN), "en", "Closed now · opens at 9 am ET"),
        (datetime(2026, 12, 7, 7, tzinfo=EASTERN), "es", "Cerrado ahora · abre a las 9 a.m. ET"),
        # Christmas Day is a federal holiday: Thursday evening opens Monday the 28th, not Friday.
        (datetime(2026, 12, 24, 19, tzinfo=EASTERN), "en", "Closed now · opens Monday 9 am ET"),
    ],
)
def test_a_capitol_office_says_when_it_closes_or_opens(now: datetime, language: str, expected: str) -> None:
    assert line(now, zone=EASTERN, language=language, capitol=True) == expected


def test_more_than_six_days_ahead_the_date_is_said() -> None:
    status = OfficeStatus(open_now=False, changes_at=datetime(2026, 12, 28, 13, tzinfo=EASTERN))
    now = datetime(2026, 12, 18, 19, tzinfo=EASTERN)
    assert status_line(status, zone=EASTERN, now=now, language="en") == (
        "Closed now · opens December 28, 1 pm ET"
    )
    assert status_line(status, zone=EASTERN, now=now, language="es") == (
        "Cerrado ahora · abre el 28 de diciembre a la 1 p.m. ET"
    )


def test_an_office_that_does_not_open_in_two_weeks_is_just_closed() -> None:
    status = OfficeStatus(open_now=False, changes_at=None)
    now = datetime(2026, 12, 7, 19, tzinfo=EASTERN)
    assert status_line(status, zone=EASTERN, now=now, language="en") == "Closed now"
    assert status_line(status, zone=EASTERN, now=now, language="es") == "Cerrado ahora"


def test_a_pacific_office_seen_late_in_the_eastern_evening_is_still_open() -> None:
    now = datetime(2026, 12, 7, 19, 30, tzinfo=EASTERN)  # 4:30 pm in California
    assert line(now, zone=PACIFIC, language="en") == "Open now · closes 5 pm PT"
    assert line(now, zone=EASTERN, language="en") == "Closed now · opens Tuesday 9 am ET"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # The Sunday clocks spring forward (March 8, 2026) and fall back (November 1, 2026): Monday
        # opens at 9:00 local, not 8:00 or 10:00.
        (datetime(2026, 3, 8, 20, tzinfo=EASTERN), "Closed now · opens Monday 9 am ET"),
        (datetime(2026, 11, 1, 20, tzinfo=EASTERN), "Closed now · opens Monday 9 am ET"),
        # Monday after the change, 9:30 local: open, as the UTC clock says.
        (datetime(2026, 3, 9, 13, 30, tzinfo=UTC), "Open now · closes 5 pm ET"),
        (datetime(2026, 11, 2, 14, 30, tzinfo=UTC), "Open now · closes 5 pm ET"),
        (datetime(2026, 11, 2, 13, 30, tzinfo=UTC), "Closed now · opens at 9 am ET"),
    ],
)
def test_dst_switch_days(now: datetime, expected: str) -> None:
    assert line(now, zone=EASTERN, language="en") == expected


def test_the_opening_on_a_switch_day_is_9_am_local_in_utc_terms() -> None:
    spring = office_status(DISTRICT_HOURS, zone=EASTERN, now=datetime(2026, 3, 8, 20, tzinfo=EASTERN))
    autumn = office_status(DISTRICT_HOURS, zone=EASTERN, now=datetime(2026, 11, 1, 20, tzinfo=EASTERN))
    assert spring.changes_at is not None
    assert autumn.changes_at is not None
    assert spring.changes_at.astimezone(UTC) == datetime(2026, 3, 9, 13, tzinfo=UTC)  # EDT
    assert autumn.changes_at.astimezone(UTC) == datetime(2026, 11, 2, 14, tzinfo=UTC)  # EST


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "ET"),
        ("America/Chicago", "CT"),
        ("America/Denver", "MT"),
        ("America/Phoenix", "MT"),
        ("America/Los_Angeles", "PT"),
        ("America/Anchorage", "AKT"),
        ("Pacific/Honolulu", "HST"),
        ("America/Puerto_Rico", "AT"),
        ("Pacific/Guam", "ChST"),
    ],
)
def test_the_zone_is_named_as_on_a_schedule(zone: str, expected: str) -> None:
    assert zone_abbreviation(datetime(2026, 7, 1, 12, tzinfo=ZoneInfo(zone))) == expected


@pytest.mark.parametrize(
    ("clock", "english", "spanish"),
    [
        (time(9), "9 am", "a las 9 a.m."),
        (time(13), "1 pm", "a la 1 p.m."),
        (time(1, 30), "1:30 am", "a la 1:30 a.m."),
        (time(12), "12 pm", "a las 12 p.m."),
        (time(17, 30), "5:30 pm", "a las 5:30 p.m."),
    ],
)
def test_times_read_as_people_say_them(clock: time, english: str, spanish: str) -> None:
    moment = datetime(2026, 12, 7, clock.hour, clock.minute, tzinfo=HAWAII)
    assert at_time(moment, language="en") == english
    assert at_time(moment, language="es") == spanish
    # A language Switchboard has no words in reads the default's.
    assert at_time(moment, language="pt") == english
