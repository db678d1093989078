"""A busy, unanswered or full line tries the same legislator's next office (issue 28), over HTTP
through the Twilio simulator: signed webhooks, duplicated and reordered callbacks, the try cap."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from sqlmodel import Session, col, select

from app.kernel.phones import parse_office_phone
from app.models.calls import CallTry
from app.models.directory import OfficeHealth
from app.storage.db import create_db_engine
from tests.calls.conftest import LiveApp
from tests.calls.test_click_to_call import BOSTON, place, recount, stored, tallies
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator

# Markey's offices in the snapshot: Boston (nearest Boston), Springfield, and Washington.
BOSTON_OFFICE = parse_office_phone("617-565-8519")
SPRINGFIELD_OFFICE = parse_office_phone("413-785-4610")
# A Tuesday, 10:00 in Boston: every office is open.
TUESDAY_MORNING = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def office_hours() -> Iterator[None]:
    with time_machine.travel(TUESDAY_MORNING, tick=True):
        yield


def markey_numbers(app: LiveApp) -> list[str]:
    """Markey's numbers as a Boston caller's bridged call tries them."""
    targets = app.http.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON}).json()
    first = targets["targets"][0]
    assert first["name"] == "Edward J. Markey"
    assert first["office"]["phone"] == BOSTON_OFFICE
    return [BOSTON_OFFICE, SPRINGFIELD_OFFICE]


def tries(app: LiveApp, call_id: str) -> list[tuple[int, int, str, str | None, str | None]]:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        rows = session.exec(
            select(CallTry)
            .where(CallTry.session_id == call_id)
            .order_by(col(CallTry.position), col(CallTry.attempt))
        ).all()
        found = [(t.position, t.attempt, t.office_phone, t.dial_call_status, t.outcome) for t in rows]
    engine.dispose()
    return found


def test_a_busy_first_office_dials_the_same_legislators_next_office_before_the_next_target(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    boston, springfield = markey_numbers(live_app)
    simulator.phones[boston] = Phone(answer="busy")
    # 1 to connect; Boston is busy; Springfield answers, talk, "spoke to staff"; skip the other two.
    call_id, sid = place(live_app, simulator, ["1", STAY, STAY, "1", "*", "*"])
    dialed = [child.to for child in simulator.children(sid)]
    assert dialed == [boston, springfield], "the next office of the same legislator, before Warren"
    transcript = " ".join(simulator.calls[sid].transcript)
    assert "That line is busy; trying their Springfield office." in transcript
    _call, legs = stored(live_app, call_id)
    assert [(leg.status, leg.outcome, leg.attempt) for leg in legs] == [
        ("completed", "contact", 1),
        ("skipped", "skipped", 0),
        ("skipped", "skipped", 0),
    ]
    assert legs[0].office_phone == springfield
    assert legs[0].twilio_status == "completed"
    assert tries(live_app, call_id) == [
        (0, 0, boston, "busy", None),
        (0, 1, springfield, "completed", None),
    ]
    counted = tallies(live_app).headline
    assert counted.counts.calls == 3, "a second office is a try of the same leg, not another call"
    assert {k: v for k, v in counted.counts.outcomes.items() if v} == recount(legs)


def test_at_most_the_setting_s_tries_per_target_then_the_next_target(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    live_app.settings.call_max_tries_per_target = 2
    boston, springfield = markey_numbers(live_app)
    simulator.phones[boston] = Phone(answer="no-answer")
    simulator.phones[springfield] = Phone(answer="busy")
    call_id, sid = place(live_app, simulator, ["1", STAY, STAY, "", ""])
    _call, legs = stored(live_app, call_id)
    assert [child.to for child in simulator.children(sid)] == [boston, springfield]
    assert (legs[0].status, legs[0].outcome, legs[0].attempt) == ("busy", "unavailable", 1)
    assert legs[1].status == "no-consent", "then Warren's prompt, unanswered"
    assert [(t[1], t[3]) for t in tries(live_app, call_id)] == [(0, "no-answer"), (1, "busy")]


def test_three_tries_by_default(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    boston, springfield = markey_numbers(live_app)
    for number in (boston, springfield, parse_office_phone("202-224-2742")):
        simulator.phones[number] = Phone(answer="failed")
    call_id, sid = place(live_app, simulator, ["1", STAY, STAY, STAY, ""])
    assert len(simulator.children(sid)) == 3
    transcript = " ".join(simulator.calls[sid].transcript)
    assert "That call did not go through; trying their Washington office." in transcript
    _call, legs = stored(live_app, call_id)
    assert (legs[0].status, legs[0].outcome, legs[0].attempt) == ("failed", "failed", 2)
    assert [t[3] for t in tries(live_app, call_id)] == ["failed", "failed", "failed"]


@pytest.mark.parametrize("order", ["reversed", "after-action"])
def test_duplicated_and_late_callbacks_of_the_busy_try_change_nothing(
    live_app: LiveApp, simulator: TwilioSimulator, order: str
) -> None:
    simulator.faults.duplicate_callbacks = True
    simulator.faults.leg_callbacks = order  # type: ignore[assignment]
    boston, springfield = markey_numbers(live_app)
    simulator.phones[boston] = Phone(answer="busy")
    call_id, sid = place(live_app, simulator, ["1", STAY, STAY, "2", "*", "*"])
    assert [child.to for child in simulator.children(sid)] == [boston, springfield]
    _call, legs = stored(live_app, call_id)
    assert (legs[0].status, legs[0].twilio_status, legs[0].outcome) == ("completed", "completed", "voicemail")
    assert legs[0].office_phone == springfield
    assert [t[3] for t in tries(live_app, call_id)] == ["busy", "completed"]
    counted = tallies(live_app).headline
    assert (counted.calls_started, counted.counts.calls) == (1, 3)
    assert {k: v for k, v in counted.counts.outcomes.items() if v} == {"voicemail": 1, "skipped": 2}


def test_a_full_mailbox_on_the_keypad_marks_the_number_and_tries_the_next_office(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    boston, springfield = markey_numbers(live_app)
    # Boston answers (its voicemail, full): 4; Springfield answers: 1; skip the others.
    call_id, sid = place(live_app, simulator, ["1", STAY, "4", STAY, "1", "*", "*"])
    assert [child.to for child in simulator.children(sid)] == [boston, springfield]
    assert "Sorry that mailbox was full; trying their Springfield office." in " ".join(
        simulator.calls[sid].transcript
    )
    _call, legs = stored(live_app, call_id)
    assert (legs[0].outcome, legs[0].office_phone) == ("contact", springfield)
    assert tries(live_app, call_id) == [
        (0, 0, boston, "completed", "mailbox-full"),
        (0, 1, springfield, "completed", None),
    ]
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        marked = session.get(OfficeHealth, boston)
        assert marked is not None
        assert marked.strikes == 1
    engine.dispose()
    # The next caller's card goes elsewhere, once the process's read model notices the mark, and so
    # does the next bridged call.
    assert first_office_shown(live_app) == springfield
    _next_call, next_sid = place(live_app, simulator, ["1", STAY, "1", "*", "*"])
    assert [child.to for child in simulator.children(next_sid)] == [springfield]


def first_office_shown(app: LiveApp) -> str:
    """Markey's number on a Boston caller's card, once it changed from Boston's (within 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        targets = app.http.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON}).json()
        phone = str(targets["targets"][0]["office"]["phone"])
        if phone != BOSTON_OFFICE or time.monotonic() > deadline:
            return phone
        time.sleep(0.2)
