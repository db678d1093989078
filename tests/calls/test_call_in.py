"""Call-in: a constituent dials the campaign's number, types a ZIP code and is connected."""

import pytest
from sqlmodel import Session, select

from app.calls.callin import zip_targets
from app.campaigns.store import get_campaign, save_campaign
from app.civic.directory.view import load_directory_view
from app.civic.locating.zip_codes import ZipArea, find_zip
from app.models.calls import CallSession
from app.storage.db import create_db_engine, session_scope
from tests.calls.conftest import CALL_IN_NUMBER, LiveApp
from tests.calls.test_click_to_call import CALLER, stored
from tests.fakes.twilio_sim import STAY, Phone, SimCall, TwilioSimulator


@pytest.fixture
def call_in_app(live_app: LiveApp) -> LiveApp:
    engine = create_db_engine(live_app.settings.database_url)
    with session_scope(engine) as session:
        spec = get_campaign(session, slug="grace-no-ban").model_copy(
            update={"call_in_number": CALL_IN_NUMBER}
        )
        save_campaign(session, spec=spec, source="test")
    engine.dispose()
    return live_app


def dial_in(app: LiveApp, sim: TwilioSimulator, actions: list[str], to: str = CALL_IN_NUMBER) -> SimCall:
    sim.phones[CALLER] = Phone(actions=actions)
    return sim.call_in(
        to=to,
        from_=CALLER,
        voice_url=f"{app.base_url}/twilio/inbound/voice",
        status_url=f"{app.base_url}/twilio/inbound/status",
    )


def session_for(app: LiveApp, call: SimCall) -> CallSession:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        found = session.exec(select(CallSession).where(CallSession.call_sid == call.sid)).one()
    engine.dispose()
    return found


def test_a_zip_spanning_districts_connects_the_senators(
    call_in_app: LiveApp, simulator: TwilioSimulator
) -> None:
    call = dial_in(call_in_app, simulator, ["02108", "1", STAY, "1", "1", STAY, "2"])
    transcript = " ".join(call.transcript)
    assert transcript.startswith("Thank you for calling: Stand with refugees")
    assert "so we will connect you to your senators" in transcript
    session = session_for(call_in_app, call)
    assert (session.mode, session.status, session.state, session.caller_phone) == (
        "call-in",
        "completed",
        "MA",
        None,
    )
    _call, legs = stored(call_in_app, session.id)
    assert [(leg.name, leg.outcome, leg.outcome_source) for leg in legs] == [
        ("Edward J. Markey", "contact", "keypad"),
        ("Elizabeth Warren", "voicemail", "keypad"),
    ]
    assert [c.caller_id for c in simulator.children(call.sid)] == [CALLER, CALLER]


def test_a_zip_in_one_district_also_connects_the_representative(
    call_in_app: LiveApp, simulator: TwilioSimulator
) -> None:
    """01201 (Pittsfield) lies only in MA-1: the imported ZIP table makes the district certain."""
    call = dial_in(call_in_app, simulator, ["01201", "1", STAY, "1", "1", STAY, "2", "1", STAY, "1"])
    assert "senators" not in " ".join(call.transcript)
    _call, legs = stored(call_in_app, session_for(call_in_app, call).id)
    assert [leg.name for leg in legs] == ["Edward J. Markey", "Elizabeth Warren", "Richard E. Neal"]
    assert [leg.outcome for leg in legs] == ["contact", "voicemail", "contact"]


def test_an_at_large_state_connects_everyone_without_a_warning(
    call_in_app: LiveApp, simulator: TwilioSimulator
) -> None:
    call = dial_in(call_in_app, simulator, ["82001", "*", "*", "*"])
    assert "more than one district" not in " ".join(call.transcript)
    _call, legs = stored(call_in_app, session_for(call_in_app, call).id)
    assert [(leg.chamber, leg.outcome) for leg in legs] == [
        ("us-senate", "skipped"),
        ("us-senate", "skipped"),
        ("us-house", "skipped"),
    ]


@pytest.mark.parametrize("typed", [["00000", "12"], ["", ""]])
def test_an_unknown_zip_is_asked_again_then_the_call_ends(
    call_in_app: LiveApp, simulator: TwilioSimulator, typed: list[str]
) -> None:
    call = dial_in(call_in_app, simulator, typed)
    assert "we did not recognize that ZIP code" in " ".join(call.transcript)
    assert call.transcript[-1].startswith("Sorry, we could not find that ZIP code")
    assert simulator.children(call.sid) == []
    assert session_for(call_in_app, call).status == "completed"


def test_a_number_no_campaign_owns_is_not_taking_calls(
    call_in_app: LiveApp, simulator: TwilioSimulator
) -> None:
    call = dial_in(call_in_app, simulator, ["02108"], to="+16175550111")
    assert call.transcript == ["Sorry, this number is not taking calls right now. Goodbye."]


def test_a_certain_district_adds_the_representative(database_url: str) -> None:
    engine = create_db_engine(database_url)
    area = ZipArea(
        zip="02108",
        state="MA",
        city="Boston",
        latitude=42.36,
        longitude=-71.07,
        division_ids=("ocd-division/country:us/state:ma/cd:7",),
    )
    with session_scope(engine) as session:
        targets = zip_targets(
            load_directory_view(session), campaign=get_campaign(session, slug="grace-no-ban"), area=area
        )
    engine.dispose()
    assert [t.representative.name for t in targets.targets] == [
        "Edward J. Markey",
        "Elizabeth Warren",
        "Ayanna Pressley",
    ]


def test_a_zip_is_placed_offline_and_shares_only_the_districts_it_does_not_split(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        directory = load_directory_view(session)
    boston = find_zip(directory, zip_code="02108")
    assert [find_zip(directory, zip_code=z) for z in ("00000", "0210", "abcde", "")] == [None] * 4
    engine.dispose()
    assert boston is not None
    assert (boston.state, boston.city) == ("MA", "Boston")
    assert boston.location().congressional_district is None
    shared = boston.shared_location()
    assert shared.congressional_district is None
    assert not [d for d in shared.division_ids if "/cd:" in d]
    assert "ocd-division/country:us/state:ma" in shared.division_ids


def test_call_in_does_not_flood_an_office(call_in_app: LiveApp, simulator: TwilioSimulator) -> None:
    call_in_app.settings.call_limit_per_office = 1
    dial_in(call_in_app, simulator, ["02108", "*", "*"])
    simulator.phones["+16175550177"] = Phone(actions=["02108"])
    again = simulator.call_in(
        to=CALL_IN_NUMBER,
        from_="+16175550177",
        voice_url=f"{call_in_app.base_url}/twilio/inbound/voice",
        status_url=f"{call_in_app.base_url}/twilio/inbound/status",
    )
    assert again.transcript[-1].startswith("These offices have just received many calls through us.")
    assert simulator.children(again.sid) == []
