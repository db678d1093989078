"""Terms end (and start) at lookup time: around noon ET on 2027-01-03, synced and not yet synced."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from app.campaigns.scripts import Caller
from app.campaigns.store import get_campaign, load_campaign_dir
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory.seats import seats_for
from app.civic.directory.terms import TermStatus, congress_at, parse_term_date, term_status
from app.civic.directory.view import load_directory_view
from app.civic.geography.divisions import congressional_division, state_division
from app.civic.geography.location import Location
from app.civic.sync.datasets import sync_congress, sync_state_legislators
from app.civic.sync.sources import FolderSource
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.directory_snapshots import member, member_elect, person_file, write_congress, write_people
from tests.support import PROJECT

BEFORE_NOON = datetime(2027, 1, 3, 16, 59, tzinfo=UTC)  # 11:59 ET
AFTER_NOON = datetime(2027, 1, 3, 17, 1, tzinfo=UTC)  # 12:01 ET
SNAPSHOT_2026 = ["C001131", "C001098", "C001056", "M001242", "H001104"]  # TX-35, TX and OH senators


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


def tx_35() -> Location:
    return Location(
        matched_address="TEST, Austin, TX",
        latitude=30.27,
        longitude=-97.74,
        state="TX",
        congressional_district="35",
        division_ids=(state_division("TX"), congressional_division("TX", district=35)),
    )


def ohio() -> Location:
    return Location(
        matched_address="TEST, Alexandria, OH",
        latitude=40.09,
        longitude=-82.61,
        state="OH",
        congressional_district="12",
        division_ids=(state_division("OH"), congressional_division("OH", district=12)),
    )


def synced(tmp_path: Path, members: list[dict[str, object]]) -> str:
    url = f"sqlite:///{tmp_path / 'terms.db'}"
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_congress(
            session, source=FolderSource(write_congress(tmp_path / "snapshot", members)), progress=quiet
        )
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()
    return url


def targets_at(url: str, location: Location, now: datetime, language: str = "en") -> TargetList:
    engine = create_db_engine(url)
    with Session(engine) as session:
        campaign = get_campaign(session, slug="grace-no-ban")
        result = targets_for(
            load_directory_view(session),
            campaign=campaign,
            location=location,
            caller=Caller(),
            language=language,
            now=now,
        )
    engine.dispose()
    return result


def names(result: TargetList) -> list[str]:
    return [t.representative.name for t in result.targets]


def test_an_appointed_senator_whose_term_ended_is_no_target_and_the_seat_says_why(tmp_path: Path) -> None:
    url = synced(tmp_path, [member(m) for m in SNAPSHOT_2026])
    result = targets_at(url, ohio(), datetime(2026, 12, 1, 15, tzinfo=UTC))
    assert names(result) == ["Bernie Moreno"]
    assert [v.message for v in result.vacancies] == [
        "The term of Senator Jon Husted ended on November 3, 2026. We don't have the office of the "
        "new member for this US Senate seat yet.",
        # Ohio's 12th district has no member in this small snapshot.
        "This US House seat is vacant right now.",
    ]
    spanish = targets_at(url, ohio(), datetime(2026, 12, 1, 15, tzinfo=UTC), language="es")
    assert spanish.vacancies[0].message.startswith(
        "El mandato de Senator Jon Husted terminó el 3 de noviembre"
    )


def test_before_the_sync_the_119th_members_sit_until_noon_and_then_their_seats_say_so(tmp_path: Path) -> None:
    url = synced(tmp_path, [member(m) for m in SNAPSHOT_2026])
    assert names(targets_at(url, tx_35(), BEFORE_NOON)) == ["John Cornyn", "Ted Cruz", "Greg Casar"]
    after = targets_at(url, tx_35(), AFTER_NOON)
    assert names(after) == ["Ted Cruz"]
    assert [v.message for v in after.vacancies] == [
        "The term of Senator John Cornyn ended on January 3, 2027. We don't have the office of the new "
        "member for this US Senate seat yet.",
        "The term of Representative Greg Casar ended on January 3, 2027. We don't have the office of "
        "the new member for this US House seat yet.",
    ]


def test_synced_with_the_members_elect_the_seat_changes_hands_at_noon(tmp_path: Path) -> None:
    elect = member_elect(bioguide="Z000120", first="Alex", last="Newmember", like="C001131")
    reelected = member("C001056")
    reelected["terms"].append({**reelected["terms"][-1], "start": "2027-01-03", "end": "2033-01-03"})
    url = synced(tmp_path, [*(member(m) for m in SNAPSHOT_2026 if m != "C001056"), reelected, elect])
    before = targets_at(url, tx_35(), BEFORE_NOON)
    assert names(before) == ["John Cornyn", "Ted Cruz", "Greg Casar"]
    assert before.vacancies == []
    after = targets_at(url, tx_35(), AFTER_NOON)
    assert names(after) == ["John Cornyn", "Ted Cruz", "Alex Newmember"]
    assert after.vacancies == []


def test_a_member_elect_alone_in_a_seat_is_announced_not_called(tmp_path: Path) -> None:
    elect = member_elect(bioguide="Z000120", first="Alex", last="Newmember", like="C001131")
    url = synced(tmp_path, [elect])
    before = targets_at(url, tx_35(), BEFORE_NOON)
    assert "Alex Newmember" not in names(before)
    assert "Alex Newmember takes office on January 3, 2027; we list them from then." in [
        v.message for v in before.vacancies
    ]
    assert "Alex Newmember" in names(targets_at(url, tx_35(), AFTER_NOON))


@pytest.mark.parametrize(
    ("moment", "congress"),
    [
        (datetime(2026, 12, 1, tzinfo=UTC), 119),
        (BEFORE_NOON, 119),
        (AFTER_NOON, 120),
        (datetime(2028, 6, 1, tzinfo=UTC), 120),
        (datetime(2029, 1, 3, 18, tzinfo=UTC), 121),
    ],
)
def test_the_congress_sitting_changes_at_noon_eastern_on_january_3_of_odd_years(
    moment: datetime, congress: int
) -> None:
    assert congress_at(moment) == congress


def test_state_terms_are_whole_days_and_partial_dates_are_read() -> None:
    end = date(2027, 1, 4)
    last_evening = datetime(2027, 1, 5, 4, 59, tzinfo=UTC)  # 23:59 ET on the last day
    assert term_status(chamber="state-lower", start=None, end=end, now=last_evening) == TermStatus.SITTING
    assert term_status(chamber="state-lower", start=None, end=end, now=AFTER_NOON.replace(day=5, hour=5)) == (
        TermStatus.ENDED
    )
    assert parse_term_date("2027", last=True) == date(2027, 12, 31)
    assert parse_term_date("2024-02", last=True) == date(2024, 2, 29)
    assert parse_term_date("2025-01") == date(2025, 1, 1)
    assert parse_term_date("soon") is None


def test_a_state_role_ending_after_the_sync_ends_at_lookup_and_its_successor_starts(tmp_path: Path) -> None:
    leaving = person_file("ma", "Aaron-Michlewitz")
    leaving["roles"][-1]["end_date"] = "2027-01-06"
    successor = {
        **person_file("ma", "Aaron-Michlewitz"),
        "id": "ocd-person/00000000-0000-4000-8000-000000000120",
        "name": "Pat Successor",
        "family_name": "Successor",
        "roles": [{**leaving["roles"][-1], "start_date": "2027-01-07", "end_date": None}],
    }
    del successor["roles"][0]["end_date"]
    folder = write_people(tmp_path / "snapshot", {"ma": [leaving, successor]}, {"ma": {"vacancies": []}})
    url = f"sqlite:///{tmp_path / 'state.db'}"
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_state_legislators(session, source=FolderSource(folder), progress=quiet, today=date(2026, 12, 1))
    third_suffolk = Location(
        matched_address="TEST, Boston, MA",
        latitude=42.36,
        longitude=-71.06,
        state="MA",
        division_ids=(state_division("MA"), "ocd-division/country:us/state:ma/sldl:3rd_suffolk"),
    )
    with Session(engine) as session:
        found = load_directory_view(session).representatives_for(
            division_ids=third_suffolk.division_ids, chambers=["state-lower"]
        )

        def seats(now: datetime) -> tuple[list[str], list[str]]:
            result = seats_for("state-lower", location=third_suffolk, members=found, now=now)
            return [r.name for r in result.sitting], [v.message for v in result.notes]

        assert seats(datetime(2027, 1, 6, 12, tzinfo=UTC)) == (["Aaron Michlewitz"], [])
        assert seats(datetime(2027, 1, 7, 12, tzinfo=UTC)) == (["Pat Successor"], [])
    engine.dispose()
