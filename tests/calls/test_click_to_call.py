"""A "Call me" session from the button to the stored outcomes, over HTTP through the simulator."""

import time
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.models.calls import CallLeg, CallSession
from app.models.directory import Official
from app.storage.db import create_db_engine, session_scope
from app.storage.versions import DIRECTORY, bump_version
from app.tallies import CampaignTallies, TallyFilter, campaign_tallies
from tests.calls.conftest import FROM_NUMBER, LiveApp
from tests.fakes.twilio_sim import HANG_UP, STAY, Phone, TwilioSimulator

BOSTON = "1 Ashburton Place, Boston, MA 02108"
CALLER = "+16175550123"


def call_me(app: LiveApp, **body: str) -> Any:
    payload = {"address": BOSTON, "phone": "(617) 555-0123", "name": "Ana", **body}
    return app.http.post("/api/v1/campaigns/grace-no-ban/calls", json=payload)


def stored(app: LiveApp, call_id: str) -> tuple[CallSession, list[CallLeg]]:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        call = session.get(CallSession, call_id)
        assert call is not None
        legs = session.exec(
            select(CallLeg).where(CallLeg.session_id == call_id).order_by(col(CallLeg.position))
        )
        result = call, list(legs)
    engine.dispose()
    return result


def tallies(app: LiveApp) -> CampaignTallies:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        result = campaign_tallies(session, slug="grace-no-ban", filters=TallyFilter(), now=datetime.now(UTC))
    engine.dispose()
    return result


def recount(legs: list[CallLeg]) -> dict[str, int]:
    """What the counters must say, counted from the stored legs themselves."""
    return dict(Counter(leg.outcome or "pending" for leg in legs))


def place(app: LiveApp, sim: TwilioSimulator, actions: list[str]) -> tuple[str, str]:
    sim.phones[CALLER] = Phone(actions=actions)
    response = call_me(app)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "status"}
    sid = placed_sid(app, body["id"])
    sim.wait(sid)
    return body["id"], sid


def placed_sid(app: LiveApp, call_id: str) -> str:
    """The CallSid of a queued call, once the worker has placed it."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        call, _legs = stored(app, call_id)
        if call.call_sid:
            return call.call_sid
        time.sleep(0.02)
    raise AssertionError(f"call {call_id} was not placed")


def test_a_full_call_connects_each_office_and_stores_every_outcome(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    # Markey: press 1, talk, report "spoke to staff"; Warren: press 1, talk, "voicemail"; Pressley: skip.
    call_id, sid = place(live_app, simulator, ["1", STAY, "1", "1", STAY, "2", "*"])
    call, legs = stored(live_app, call_id)
    assert call.status == "completed"
    assert call.mode == "bridged"
    assert call.call_sid == sid
    assert call.caller_phone is None, "the number is forgotten once the call ends"
    assert call.caller_hash
    assert CALLER not in call.caller_hash
    assert call.districts == "MA-7"
    assert [(leg.name, leg.status, leg.outcome, leg.outcome_source) for leg in legs] == [
        ("Edward J. Markey", "completed", "contact", "keypad"),
        ("Elizabeth Warren", "completed", "voicemail", "keypad"),
        ("Ayanna Pressley", "skipped", "skipped", "keypad"),
    ]
    assert legs[0].dial_call_status == "completed"
    assert legs[0].duration_seconds == 42
    assert legs[0].twilio_status == "completed"
    offices = list(simulator.children(sid))
    assert [c.to for c in offices] == [legs[0].office_phone, legs[1].office_phone]
    assert all(c.caller_id == CALLER for c in offices), "offices see the constituent's own number"
    transcript = " ".join(simulator.calls[sid].transcript)
    assert "Press 1 to be connected to Senator Edward J. Markey's office" in transcript
    assert "refugee" in transcript, "the campaign's spoken intro is played"
    assert transcript.endswith("Thank you for making your voice heard. Goodbye.")
    counted = tallies(live_app)
    assert counted.headline.calls_started == 1
    assert counted.headline.unique_callers == 1
    assert counted.headline.counts.calls == 3
    assert counted.headline.counts.connected == 2
    assert {k: v for k, v in counted.headline.counts.outcomes.items() if v} == recount(legs)
    assert {t.name: t.counts.calls for t in counted.targets} == {leg.name: 1 for leg in legs}
    page = live_app.http.get(f"/api/v1/calls/{call_id}").json()
    assert page["status"] == "completed"
    assert [leg["needs_outcome"] for leg in page["legs"]] == [False, False, False]
    assert CALLER not in str(page)


def test_no_key_means_no_bridge(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    call_id, sid = place(live_app, simulator, [""])
    _call, legs = stored(live_app, call_id)
    assert simulator.children(sid) == []
    assert [(leg.status, leg.outcome) for leg in legs] == [
        ("no-consent", "no-consent"),
        ("not-attempted", "not-attempted"),
        ("not-attempted", "not-attempted"),
    ]


def test_busy_and_unanswered_offices_are_unavailable_and_the_call_moves_on(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    live_app.settings.call_max_tries_per_target = 1  # one office per target (tests/calls/test_next_office.py)
    call_id, _ = stored_offices_then_place(
        live_app, simulator, busy=0, no_answer=1, actions=["1", STAY, "1", STAY, "1", STAY, ""]
    )
    _call, legs = stored(live_app, call_id)
    assert [(leg.status, leg.dial_call_status, leg.outcome) for leg in legs] == [
        ("busy", "busy", "unavailable"),
        ("no-answer", "no-answer", "unavailable"),
        ("completed", "completed", None),
    ]
    page = live_app.http.get(f"/api/v1/calls/{call_id}").json()
    assert [leg["needs_outcome"] for leg in page["legs"]] == [False, False, True]
    answer = live_app.http.post(f"/api/v1/calls/{call_id}/legs/2/outcome", json={"outcome": "contact"})
    assert answer.status_code == 200
    assert answer.json() == {"position": 2, "outcome": "contact", "outcome_source": "web"}
    _call, legs = stored(live_app, call_id)
    assert (legs[2].outcome, legs[2].outcome_source) == ("contact", "web")


def stored_offices_then_place(
    app: LiveApp, sim: TwilioSimulator, *, busy: int, no_answer: int, actions: list[str]
) -> tuple[str, str]:
    targets = app.http.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON}).json()[
        "targets"
    ]
    sim.phones[targets[busy]["office"]["phone"]] = Phone(answer="busy")
    sim.phones[targets[no_answer]["office"]["phone"]] = Phone(answer="no-answer")
    return place(app, sim, actions)


def test_hanging_up_mid_bridge_leaves_the_rest_not_attempted(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    call_id, _ = place(live_app, simulator, ["1", HANG_UP])
    call, legs = stored(live_app, call_id)
    assert call.status == "completed"
    assert legs[0].status == "completed"
    assert legs[0].twilio_status == "completed"
    assert [leg.outcome for leg in legs[1:]] == ["not-attempted", "not-attempted"]


def test_duplicate_and_reordered_callbacks_count_once(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    simulator.faults.duplicate_callbacks = True
    simulator.faults.leg_callbacks = "reversed"
    call_id, _ = place(live_app, simulator, ["1", STAY, "1", "*", "*"])
    call, legs = stored(live_app, call_id)
    assert call.status == "completed"
    assert legs[0].twilio_status == "completed", "a late 'ringing' does not overwrite 'completed'"
    assert legs[0].sequence_number == 3
    assert [(leg.status, leg.outcome) for leg in legs] == [
        ("completed", "contact"),
        ("skipped", "skipped"),
        ("skipped", "skipped"),
    ]
    counted = tallies(live_app).headline
    assert (counted.calls_started, counted.counts.calls) == (1, 3), "duplicates never count twice"
    assert (
        {k: v for k, v in counted.counts.outcomes.items() if v}
        == recount(legs)
        == {"contact": 1, "skipped": 2}
    )


def test_the_office_leg_finishing_after_the_dial_action(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    simulator.faults.leg_callbacks = "after-action"
    call_id, _ = place(live_app, simulator, ["1", STAY, "3", "*", "*"])
    _call, legs = stored(live_app, call_id)
    assert (legs[0].status, legs[0].twilio_status, legs[0].outcome) == (
        "completed",
        "completed",
        "unavailable",
    )


def test_caller_id_can_be_our_twilio_number(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    live_app.settings.call_caller_id = "twilio"
    _, sid = place(live_app, simulator, ["1", STAY, ""])
    assert simulator.children(sid)[0].caller_id == FROM_NUMBER


def test_a_constituent_who_does_not_pick_up(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    simulator.phones[CALLER] = Phone(answer="no-answer")
    response = call_me(live_app)
    assert response.status_code == 201
    simulator.wait(placed_sid(live_app, response.json()["id"]))
    call, legs = stored(live_app, response.json()["id"])
    assert (call.status, call.caller_phone, call.answered_at) == ("no-answer", None, None)
    assert {leg.outcome for leg in legs} == {"not-attempted"}
    assert live_app.http.get(f"/api/v1/calls/{call.id}").json()["status"] == "no-answer"


def test_a_member_whose_term_has_ended_is_not_dialed(
    live_app: LiveApp, simulator: TwilioSimulator, database_url: str
) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        markey = session.get(Official, "M000133")
        assert markey is not None
        markey.term_end = date(2026, 11, 3)  # as the snapshot says of an appointed senator's seat
        session.add(markey)
        bump_version(session, kind=DIRECTORY)  # as a sync bringing that term would
    engine.dispose()
    call_id, _sid = place(live_app, simulator, [""])
    _call, legs = stored(live_app, call_id)
    assert [leg.name for leg in legs] == ["Elizabeth Warren", "Ayanna Pressley"]
