"""Reconcile matches a call whose SID was never learned by time and claim, and never aborts (issue 25, 6).

On each backend, against the Twilio simulator's REST API (the JSON Twilio's client parses).
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.placing import place_recorded_call
from app.calls.reconcile import PLACEMENT_SETTLED, reconcile_calls
from app.calls.telephony import TwilioTelephony
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod, Chamber
from app.models.calls import CallLeg, CallSession
from app.models.campaigns import Campaign
from app.storage.db import create_db_engine, write_scope
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, call_settings
from tests.fakes.twilio_sim import Phone, TwilioSimulator

CALLER = "+16175550123"
SLUG = "reconciled"


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = create_db_engine(migrated_url)
    with write_scope(engine) as session:
        session.add(Campaign(slug=SLUG, title="Reconciled", status="live"))
    yield engine
    engine.dispose()


def telephony(sim: TwilioSimulator, *, timeout: float = 5) -> TwilioTelephony:
    return TwilioTelephony(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_url=sim.base_url, timeout_seconds=timeout
    )


def add_call(engine: Engine, call_id: str, *, status: str, created: datetime, **values: Any) -> None:
    with write_scope(engine) as session:
        session.add(
            CallSession(
                id=call_id,
                campaign_slug=SLUG,
                mode=CallMethod.BRIDGED,
                status=status,
                caller_phone=CALLER,
                created_at=created,
                **values,
            )
        )


def stored(engine: Engine, call_id: str) -> CallSession:
    with Session(engine) as session:
        call = session.get(CallSession, call_id)
        assert call is not None
        return call


def test_the_same_number_twice_a_day_each_call_gets_its_own_twilio_call(
    engine: Engine, simulator: TwilioSimulator
) -> None:
    now = utcnow()
    first = simulator.record_call(to=CALLER, status="completed", created=now - timedelta(minutes=50))
    second = simulator.record_call(to=CALLER, status="completed", created=now - timedelta(minutes=40))
    # The second was asked for before the first was placed, and its `calls.create` never answered.
    add_call(engine, "first", status="in-progress", created=now - timedelta(minutes=60), call_sid=first.sid)
    add_call(
        engine,
        "second",
        status="dialing",
        created=now - timedelta(minutes=55),
        dialed_at=now - timedelta(minutes=40, seconds=1),
    )

    report = reconcile_calls(
        engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=now
    )

    assert (report.checked, report.closed, report.errors) == (2, 2, [])
    assert (stored(engine, "first").call_sid, stored(engine, "first").status) == (first.sid, "completed")
    assert (stored(engine, "second").call_sid, stored(engine, "second").status) == (second.sid, "completed")


def test_a_call_twilio_placed_before_we_dialed_is_not_ours(
    engine: Engine, simulator: TwilioSimulator
) -> None:
    now = utcnow()
    simulator.record_call(to=CALLER, status="completed", created=now - timedelta(minutes=50))
    add_call(
        engine,
        "lost",
        status="dialing",
        created=now - timedelta(minutes=55),
        dialed_at=now - timedelta(minutes=30),
    )
    report = reconcile_calls(
        engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=now
    )
    assert (report.checked, report.closed, report.errors) == (1, 1, [])
    lost = stored(engine, "lost")
    assert (lost.status, lost.error_code, lost.call_sid) == ("failed", "not_placed", None)


def test_one_bad_row_is_reported_and_the_others_are_still_closed(
    engine: Engine, simulator: TwilioSimulator
) -> None:
    now = utcnow()
    for call_id in ("bad", "good"):
        placed = simulator.record_call(to=CALLER, status="completed", created=now - timedelta(minutes=50))
        add_call(engine, call_id, status="in-progress", created=now - timedelta(hours=1), call_sid=placed.sid)
    with write_scope(engine) as session:
        # A leg in a status this version does not know (written by hand, or by another version).
        session.add(
            CallLeg(
                session_id="bad",
                position=0,
                target_id="x",
                name="X",
                chamber=Chamber.STATE_UPPER,
                state="MA",
                status="odd",
            )
        )

    report = reconcile_calls(
        engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=now
    )

    assert (report.checked, report.closed) == (2, 1)
    assert len(report.errors) == 1
    assert report.errors[0].startswith("bad: ValueError")
    assert (stored(engine, "good").status, stored(engine, "bad").status) == ("completed", "in-progress")


def test_a_create_that_times_out_is_not_failed_and_reconcile_finds_the_call(
    engine: Engine, simulator: TwilioSimulator
) -> None:
    simulator.faults.create_times_out = True
    simulator.phones[CALLER] = Phone(answer="no-answer")
    add_call(engine, "timed-out", status="created", created=utcnow())
    settings = call_settings("sqlite://", base_url="http://127.0.0.1:9", api_url=simulator.base_url)

    place_recorded_call(
        engine=engine, telephony=telephony(simulator, timeout=0.5), settings=settings, call_id="timed-out"
    )

    call = stored(engine, "timed-out")
    assert (call.status, call.error_code, call.call_sid) == ("dialing", None, None)
    assert call.dialed_at is not None
    (placed,) = simulator.calls.values()
    simulator.wait(placed.sid)
    # While its request may still be in flight, nobody concludes anything.
    assert (
        reconcile_calls(
            engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=utcnow()
        ).checked
        == 0
    )

    later = utcnow() + PLACEMENT_SETTLED + timedelta(seconds=1)
    report = reconcile_calls(
        engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=later
    )

    assert (report.checked, report.closed, report.errors) == (1, 1, [])
    call = stored(engine, "timed-out")
    assert (call.call_sid, call.status, call.error_code) == (placed.sid, "no-answer", None)


def test_an_unanswered_create_twilio_never_took_is_not_placed_once_settled(
    engine: Engine, simulator: TwilioSimulator
) -> None:
    now = utcnow()
    add_call(
        engine,
        "settled",
        status="dialing",
        created=now - timedelta(minutes=3),
        dialed_at=now - timedelta(minutes=3),
    )
    add_call(
        engine,
        "in-flight",
        status="dialing",
        created=now - timedelta(minutes=30),
        dialed_at=now - timedelta(seconds=5),
    )

    report = reconcile_calls(
        engine, telephony=telephony(simulator), older_than=timedelta(minutes=15), now=now
    )

    assert (report.checked, report.closed, report.errors) == (1, 1, [])
    assert (stored(engine, "settled").status, stored(engine, "settled").error_code) == (
        "failed",
        "not_placed",
    )
    assert stored(engine, "in-flight").status == "dialing"
