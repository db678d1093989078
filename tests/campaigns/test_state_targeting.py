"""Targeting state chambers: seat counts say what is vacant; Nebraska has no lower house."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from app.campaigns.scripts import Caller
from app.campaigns.store import get_campaign
from app.campaigns.targeting import targets_for
from app.civic.directory.view import load_directory_view
from app.civic.geography.location import Location
from app.storage.db import create_db_engine

FIRST_FRANKLIN = "ocd-division/country:us/state:ma/sldl:1st_franklin"
HAMPSHIRE_SENATE = "ocd-division/country:us/state:ma/sldu:hampshire_franklin_and_worcester"


def location(state: str, *divisions: str) -> Location:
    return Location(
        matched_address="TEST",
        latitude=42.5,
        longitude=-72.6,
        state=state,
        division_ids=(f"ocd-division/country:us/state:{state.lower()}", *divisions),
    )


@pytest.mark.parametrize(
    ("now", "said"),
    [
        # settings.yml lists 1st Franklin as vacant until 2026-11-05.
        (datetime(2026, 11, 5, 23, tzinfo=UTC), "This state house seat is vacant right now."),
        (
            datetime(2026, 11, 6, 12, tzinfo=UTC),
            "This state house seat was vacant and may have a new member we don't list yet.",
        ),
    ],
)
def test_a_vacant_state_house_seat_is_said_and_the_senator_still_shown(
    database_url: str, now: datetime, said: str
) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        campaign = get_campaign(session, slug="ma-safe-communities")
        result = targets_for(
            load_directory_view(session),
            campaign=campaign,
            location=location("MA", HAMPSHIRE_SENATE, FIRST_FRANKLIN),
            caller=Caller(),
            now=now,
        )
    engine.dispose()
    assert [t.representative.chamber for t in result.targets] == ["state-upper"]
    assert [(v.chamber, v.message) for v in result.vacancies] == [("state-lower", said)]


def test_an_unknown_district_is_said_not_guessed(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        campaign = get_campaign(session, slug="ma-safe-communities")
        result = targets_for(
            load_directory_view(session), campaign=campaign, location=location("MA"), caller=Caller()
        )
    engine.dispose()
    assert result.targets == []
    assert [v.message for v in result.vacancies] == [
        "We could not tell the state senate district of this address.",
        "We could not tell the state house district of this address.",
    ]
