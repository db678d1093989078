"""The times "Call me when they open" offers: the office open then, the constituent awake (9:00–20:00
in their own zone), in several zones and across the DST changes; and stale claims closed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from app.calls.call_slots import Slot, offer_slots, within_waking_hours
from app.calls.scheduled_runs import STALE_CLAIM, close_stale_claims
from app.civic.directory.officials import OfficeChoice, OfficeContact
from app.kernel.vocabulary import ScheduledKind, ScheduledStatus
from app.models.scheduled import ScheduledCall
from app.storage.db import create_db_engine

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
# A Montpelier district office with no published hours: 9:00–17:00 Eastern, Monday to Friday.
MONTPELIER = OfficeContact(
    id="vt-montpelier",
    kind="district",
    phone="+18022290569",
    address="",
    city="Montpelier",
    state="VT",
    zip="05602",
)


def office_at(moment: datetime) -> OfficeChoice:
    return OfficeChoice(MONTPELIER, status=MONTPELIER.status_at(moment))


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "awake"),
    [((8, 59), False), ((9, 0), True), ((19, 59), True), ((20, 0), False), ((3, 0), False)],
)
def test_waking_hours_are_nine_to_eight_local(local: tuple[int, int], awake: bool) -> None:
    moment = datetime(2026, 12, 9, local[0], local[1], tzinfo=PACIFIC)
    assert within_waking_hours(moment, zone=PACIFIC) is awake


def test_a_pacific_caller_is_not_called_before_nine_their_time() -> None:
    # Tuesday 19:00 in California; the Vermont office opens at 9:00 Eastern (6:00 there).
    slots = offer_slots(office_at, caller_zone=PACIFIC, now=datetime(2026, 12, 8, 19, 0, tzinfo=PACIFIC))
    assert slots == [
        Slot(utc(2026, 12, 9, 17, 0), tomorrow_morning=True),  # 9:00 Pacific, 12:00 Eastern
        Slot(utc(2026, 12, 9, 17, 30)),
        Slot(utc(2026, 12, 9, 18, 0)),
        Slot(utc(2026, 12, 9, 18, 30)),
    ]


def test_before_opening_today_tomorrow_morning_is_offered_too() -> None:
    slots = offer_slots(office_at, caller_zone=EASTERN, now=datetime(2026, 12, 9, 7, 0, tzinfo=EASTERN))
    assert [slot.at for slot in slots[:4]] == [
        utc(2026, 12, 9, 14, 0) + timedelta(minutes=30 * n) for n in range(4)
    ]
    assert slots[4] == Slot(utc(2026, 12, 10, 14, 0), tomorrow_morning=True)
    assert not any(slot.tomorrow_morning for slot in slots[:4])


def test_an_evening_caller_in_the_last_open_half_hour_gets_what_is_left() -> None:
    slots = offer_slots(office_at, caller_zone=EASTERN, now=datetime(2026, 12, 9, 16, 20, tzinfo=EASTERN))
    assert [slot.at for slot in slots] == [utc(2026, 12, 9, 21, 30), utc(2026, 12, 10, 14, 0)]
    assert slots[1].tomorrow_morning


@pytest.mark.parametrize(
    ("friday_evening", "monday_nine"),
    [
        # Spring forward on Sunday 14 March 2027: Monday 9:00 is EDT (UTC-4).
        (datetime(2027, 3, 12, 18, 0, tzinfo=EASTERN), utc(2027, 3, 15, 13, 0)),
        # Fall back on Sunday 1 November 2026: Monday 9:00 is EST (UTC-5).
        (datetime(2026, 10, 30, 18, 0, tzinfo=EASTERN), utc(2026, 11, 2, 14, 0)),
    ],
)
def test_over_a_dst_weekend_monday_opens_at_nine_local(
    friday_evening: datetime, monday_nine: datetime
) -> None:
    slots = offer_slots(office_at, caller_zone=EASTERN, now=friday_evening)
    assert slots[0] == Slot(monday_nine)
    assert [slot.at.astimezone(EASTERN).strftime("%a %H:%M") for slot in slots] == [
        "Mon 09:00",
        "Mon 09:30",
        "Mon 10:00",
        "Mon 10:30",
    ], "no Saturday morning: the office is closed"


def test_a_claim_left_by_a_stopped_worker_is_closed_and_its_number_deleted(database_url: str) -> None:
    now = utc(2026, 12, 9, 14, 30)
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        for name, claimed in (("stale", now - STALE_CLAIM - timedelta(seconds=1)), ("busy", now)):
            session.add(
                ScheduledCall(
                    id=name,
                    campaign_slug="grace-no-ban",
                    kind=ScheduledKind.CALL,
                    status=ScheduledStatus.CLAIMED,
                    target_id="S000033",
                    caller_zone="America/New_York",
                    due_at=utc(2026, 12, 9, 14, 0),
                    phone_sealed="sealed",
                    phone_hash="hash",
                    claimed_at=claimed,
                )
            )
        session.commit()
    assert close_stale_claims(engine, now=now) == 1
    with Session(engine) as session:
        stale, busy = session.get(ScheduledCall, "stale"), session.get(ScheduledCall, "busy")
        assert stale is not None
        assert busy is not None
        assert (stale.status, stale.phone_sealed, stale.phone_hash) == ("failed", None, None)
        assert busy.status == "claimed"
    engine.dispose()
